using System.Security.Cryptography;
using System.Text.Json;
using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Identity.Conformance.Tests;

/// <summary>libp2p/specs peer-ids/peer-ids.md "Peer Ids" and "String representation".</summary>
public sealed class PeerIdConformanceTests
{
    private static IEnumerable<TestCaseData> KeyVectors() => IdentityVectors.KeyVectors();

    private static IEnumerable<string> ExampleStrings() =>
        IdentityVectors.Load("peer-id-string-examples.json").GetProperty("examples").EnumerateArray()
            .Select(e => e.GetProperty("peerIdString").GetString()!);

    [TestCaseSource(nameof(KeyVectors))]
    [Requirement("PEERID-ID-001")]
    [Requirement("PEERID-ID-002")]
    [Requirement("PEERID-ID-003")]
    public void Peer_id_of_vector_key_is_identity_or_sha256_of_the_protobuf_by_its_length(string type, byte[] privateProtobuf, byte[] publicProtobuf)
    {
        PeerId id = PeerId.FromPublicKey(PublicKey.FromProtobuf(publicProtobuf));

        byte[] expected = publicProtobuf.Length <= 42
            ? [0x00, (byte)publicProtobuf.Length, .. publicProtobuf]
            : [0x12, 0x20, .. SHA256.HashData(publicProtobuf)];
        Assert.That(id.ToBytes(), Is.EqualTo(expected), type);
        Assert.That(id.Matches(PrivateKey.FromProtobuf(privateProtobuf).PublicKey), Is.True);
    }

    [Test]
    [Requirement("PEERID-ID-002")]
    [Requirement("PEERID-ID-003")]
    public void The_42_byte_boundary_selects_the_multihash()
    {
        // Ed25519 (36 bytes) and secp256k1 (37) are inlined; ECDSA P-256 (95) and RSA are hashed.
        Assert.Multiple(() =>
        {
            Assert.That(PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey).Bytes[0], Is.EqualTo(0x00));
            Assert.That(PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Secp256k1).PublicKey).Bytes[0], Is.EqualTo(0x00));
            Assert.That(PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ecdsa).PublicKey).Bytes[0], Is.EqualTo(0x12));
        });
    }

    [TestCaseSource(nameof(ExampleStrings))]
    [Requirement("PEERID-TEXT-001")]
    [Requirement("PEERID-TEXT-002")]
    [Requirement("PEERID-TEXT-003")]
    public void Spec_example_strings_parse_and_print_back(string text)
    {
        PeerId id = PeerId.Parse(text);

        string printed = text.StartsWith('b') ? id.ToCidString() : id.ToString();
        Assert.That(printed, Is.EqualTo(text));
    }

    [Test]
    [Requirement("PEERID-TEXT-006")]
    [Requirement("PEERID-TEXT-005")]
    public void Cid_and_base58_spec_examples_are_the_same_peer_id()
    {
        PeerId fromCid = PeerId.Parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        PeerId fromBase58 = PeerId.Parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");

        Assert.That(fromCid, Is.EqualTo(fromBase58));
        Assert.That(fromCid.GetHashCode(), Is.EqualTo(fromBase58.GetHashCode()));
        Assert.That(fromBase58.ToCidString(), Is.EqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"));
    }

    [Test]
    [Requirement("PEERID-ID-004")]
    public void Ed25519_example_peer_id_inlines_a_key_that_maps_back_to_it()
    {
        PeerId id = PeerId.Parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

        PublicKey? key = id.TryExtractPublicKey();

        Assert.That(key, Is.Not.Null);
        Assert.That(key!.Type, Is.EqualTo(KeyType.Ed25519));
        Assert.That(PeerId.FromPublicKey(key), Is.EqualTo(id));
        Assert.That(PeerId.Parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N").TryExtractPublicKey(), Is.Null);
    }

    [Test]
    [Requirement("PEERID-ID-004")]
    public void Key_extracted_from_identity_peer_id_verifies_the_owner_signatures()
    {
        foreach (KeyType type in new[] { KeyType.Ed25519, KeyType.Secp256k1 })
        {
            PrivateKey owner = PrivateKey.Generate(type);
            PeerId id = PeerId.Parse(PeerId.FromPublicKey(owner.PublicKey).ToString());
            byte[] signature = owner.Sign("proof"u8);

            Assert.That(id.TryExtractPublicKey()!.Verify("proof"u8, signature), Is.True, type.ToString());
        }
    }

    [Test]
    [Requirement("PEERID-TEXT-004")]
    [Requirement("PEERID-TEXT-007")]
    public void Default_text_forms_are_base58btc_and_base32_cid()
    {
        PeerId ed = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        PeerId rsa = PeerId.FromPublicKey(PrivateKey.FromProtobuf(IdentityVectors.PrivateKeyVector("RSA")).PublicKey);

        Assert.That(ed.ToString(), Does.StartWith("12D3KooW"));
        Assert.That(rsa.ToString(), Does.StartWith("Qm"));
        Assert.That(ed.ToCidString(), Does.StartWith("bafz"));
        Assert.That(PeerId.Parse(ed.ToCidString(MultibaseEncoding.Base36)), Is.EqualTo(ed));
        Assert.That(PeerId.Parse(ed.ToCidString(MultibaseEncoding.Base58Btc)), Is.EqualTo(ed));
    }

    [TestCase("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", TestName = "dag-pb CIDv1 is not a peer ID")]
    [TestCase("bagaaierasords4njcts6vs7qvdjfcvgnume4hqohf65zsfguprqphs3icwea", TestName = "dag-json CIDv1 is not a peer ID")]
    [Requirement("PEERID-TEXT-003")]
    public void Cids_with_another_codec_are_rejected_naming_the_codec(string text)
    {
        var error = Assert.Throws<PeerIdFormatException>(() => PeerId.Parse(text));

        Assert.That(error!.Message, Does.Contain("libp2p-key"));
        Assert.That(PeerId.TryParse(text, out _), Is.False);
    }

    [TestCase("", TestName = "empty")]
    [TestCase("!12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA", TestName = "no multibase prefix")]
    [TestCase("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5S0", TestName = "base58 alphabet violation")]
    [TestCase("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5", TestName = "truncated base58")]
    [TestCase("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5NN", TestName = "trailing base58 byte")]
    [TestCase("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xq", TestName = "truncated CID")]
    [Requirement("PEERID-TEXT-008")]
    [Requirement("PEERID-ID-005")]
    public void Malformed_text_is_rejected_with_a_typed_error(string text)
    {
        Assert.Throws<PeerIdFormatException>(() => PeerId.Parse(text));
        Assert.That(PeerId.TryParse(text, out PeerId? id), Is.False);
        Assert.That(id, Is.Null);
    }

    [Test]
    [Requirement("PEERID-ID-005")]
    public void Binary_peer_ids_must_be_identity_or_sha256_multihashes()
    {
        var cases = new Dictionary<string, byte[]>
        {
            ["empty"] = [],
            ["sha1"] = [0x11, 0x14, .. new byte[20]],
            ["sha2-256 with 31-byte digest"] = [0x12, 0x1f, .. new byte[31]],
            ["identity longer than 42"] = [0x00, 43, .. new byte[43]],
            ["identity empty"] = [0x00, 0x00],
            ["truncated"] = [0x12, 0x20, .. new byte[31]],
            ["trailing byte"] = [0x12, 0x20, .. new byte[33]],
        };
        foreach ((string name, byte[] bytes) in cases)
        {
            Assert.Throws<PeerIdFormatException>(() => PeerId.FromBytes(bytes), name);
        }
    }

    private static IEnumerable<TestCaseData> TlsVectors() =>
        IdentityVectors.Load("tls-certificates.json").EnumerateArray()
            .Where(e => e.TryGetProperty("expectedPeerId", out _))
            .Select(e => new TestCaseData(e.GetProperty("certificateDerHex").GetString()!, e.GetProperty("expectedPeerId").GetString()!)
                .SetArgDisplayNames(e.GetProperty("name").GetString()!));

    [TestCaseSource(nameof(TlsVectors))]
    [Requirement("PEERID-TEXT-001")]
    [Requirement("PEERID-ID-001")]
    [Requirement("PEERID-SIG-001")]
    public void Tls_vector_host_key_decodes_to_the_expected_peer_id_and_its_signature_verifies(string certificateHex, string expectedPeerId)
    {
        (byte[] hostKey, byte[] signature, byte[] spki) = TlsExtension.Read(Convert.FromHexString(certificateHex));
        PublicKey key = PublicKey.FromProtobuf(hostKey);
        PeerId expected = PeerId.Parse(expectedPeerId);

        Assert.That(PeerId.FromPublicKey(key), Is.EqualTo(expected));
        Assert.That(expected.Matches(key), Is.True);
        Assert.That(key.Verify([.. "libp2p-tls-handshake:"u8, .. spki], signature), Is.True);
        Assert.That(key.Verify([.. "libp2p-tls-handshake;"u8, .. spki], signature), Is.False);
    }
}
