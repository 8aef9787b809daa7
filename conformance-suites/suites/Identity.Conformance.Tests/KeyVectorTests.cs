using Libp2p.Conformance;
using Libp2p.Core.Identity;

namespace Identity.Conformance.Tests;

/// <summary>The key test vectors of libp2p/specs peer-ids/peer-ids.md "Test vectors" and the key encodings of "Keys".</summary>
public sealed class KeyVectorTests
{
    private static IEnumerable<TestCaseData> Vectors() => IdentityVectors.KeyVectors();

    [TestCaseSource(nameof(Vectors))]
    [Requirement("PEERID-VEC-001")]
    [Requirement("PEERID-KEY-009")]
    public void Public_key_derived_from_private_key_vector_is_byte_exact(string type, byte[] privateProtobuf, byte[] publicProtobuf)
    {
        PrivateKey key = PrivateKey.FromProtobuf(privateProtobuf);

        Assert.That(key.Type.ToString(), Is.EqualTo(type).IgnoreCase);
        Assert.That(key.PublicKey.ToProtobuf(), Is.EqualTo(publicProtobuf));
    }

    [TestCaseSource(nameof(Vectors))]
    [Requirement("PEERID-VEC-001")]
    [Requirement("PEERID-KEY-004")]
    public void Public_key_vector_decodes_and_reencodes_identically(string type, byte[] privateProtobuf, byte[] publicProtobuf)
    {
        PublicKey key = PublicKey.FromProtobuf(publicProtobuf);

        Assert.That(key.Type.ToString(), Is.EqualTo(type).IgnoreCase);
        Assert.That(key.ToProtobuf(), Is.EqualTo(publicProtobuf));
        Assert.That(key, Is.EqualTo(PrivateKey.FromProtobuf(privateProtobuf).PublicKey));
    }

    [TestCaseSource(nameof(Vectors))]
    [Requirement("PEERID-KEY-004")]
    [Requirement("PEERID-KEY-001")]
    public void Private_key_vector_reencodes_identically(string type, byte[] privateProtobuf, byte[] publicProtobuf)
    {
        PrivateKey key = PrivateKey.FromProtobuf(privateProtobuf);

        Assert.That(key.ToProtobuf(), Is.EqualTo(privateProtobuf), $"{type} private key re-encoding");
    }

    [TestCaseSource(nameof(Vectors))]
    [Requirement("PEERID-SIG-001")]
    [Requirement("PEERID-KEY-006")]
    [Requirement("PEERID-KEY-007")]
    [Requirement("PEERID-KEY-008")]
    public void Vector_key_signs_and_its_public_key_verifies(string type, byte[] privateProtobuf, byte[] publicProtobuf)
    {
        PrivateKey key = PrivateKey.FromProtobuf(privateProtobuf);
        PublicKey publicKey = PublicKey.FromProtobuf(publicProtobuf);
        byte[] message = "libp2p conformance"u8.ToArray();

        byte[] signature = key.Sign(message);

        Assert.That(publicKey.Verify(message, signature), Is.True, type);
        Assert.That(publicKey.Verify("libp2p conformancf"u8, signature), Is.False, type);
    }

    [Test]
    [Requirement("PEERID-KEY-002")]
    [Requirement("PEERID-KEY-001")]
    public void Key_type_enum_values_and_field_tags_match_the_spec()
    {
        Assert.Multiple(() =>
        {
            Assert.That((int)KeyType.Rsa, Is.EqualTo(0));
            Assert.That((int)KeyType.Ed25519, Is.EqualTo(1));
            Assert.That((int)KeyType.Secp256k1, Is.EqualTo(2));
            Assert.That((int)KeyType.Ecdsa, Is.EqualTo(3));
        });
        PublicKey key = PrivateKey.Ed25519FromSeed(new byte[32]).PublicKey;
        byte[] encoded = key.ToProtobuf();
        Assert.That(encoded[..4], Is.EqualTo(new byte[] { 0x08, 0x01, 0x12, 0x20 }));
        Assert.That(encoded, Has.Length.EqualTo(36));
    }

    [Test]
    [Requirement("PEERID-KEY-003")]
    [Requirement("PEERID-KEY-005")]
    public void Malformed_public_key_messages_are_rejected_with_a_typed_error()
    {
        byte[] good = PrivateKey.Ed25519FromSeed(new byte[32]).PublicKey.ToProtobuf();
        var cases = new Dictionary<string, byte[]>
        {
            ["empty"] = [],
            ["type only"] = [0x08, 0x01],
            ["data only"] = good[2..],
            ["unknown type 4"] = [0x08, 0x04, .. good[2..]],
            ["truncated data"] = good[..^1],
            ["ed25519 with 31 bytes"] = [0x08, 0x01, 0x12, 0x1f, .. good[4..^1]],
            ["secp256k1 uncompressed prefix"] = [0x08, 0x02, 0x12, 0x21, 0x04, .. new byte[32]],
            ["rsa garbage"] = [0x08, 0x00, 0x12, 0x03, 1, 2, 3],
            ["ecdsa garbage"] = [0x08, 0x03, 0x12, 0x03, 1, 2, 3],
            ["oversize"] = [0x08, 0x00, 0x12, 0xff, 0x7f, .. new byte[0x3fff]],
        };
        foreach ((string name, byte[] bytes) in cases)
        {
            Assert.Throws<KeyFormatException>(() => PublicKey.FromProtobuf(bytes), name);
        }
    }

    [Test]
    [Requirement("PEERID-ED-001")]
    [Requirement("PEERID-ED-002")]
    public void Ed25519_encodings_are_raw_32_bytes_public_and_seed_then_public_private()
    {
        byte[] seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] expectedPublic = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        PrivateKey key = PrivateKey.Ed25519FromSeed(seed);

        Assert.That(key.PublicKey.Raw.ToArray(), Is.EqualTo(expectedPublic));
        byte[] expectedPrivate = [0x08, 0x01, 0x12, 0x40, .. seed, .. expectedPublic];
        Assert.That(key.ToProtobuf(), Is.EqualTo(expectedPrivate));
    }

    [Test]
    [Requirement("PEERID-ED-003")]
    public void Legacy_96_byte_ed25519_private_key_is_accepted_only_with_identical_public_copies()
    {
        byte[] modern = PrivateKey.Ed25519FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()).ToProtobuf();
        byte[] data = modern[4..];
        byte[] legacy = [0x08, 0x01, 0x12, 0x60, .. data, .. data[32..]];
        byte[] mismatched = (byte[])legacy.Clone();
        mismatched[^1] ^= 1;

        Assert.That(PrivateKey.FromProtobuf(legacy).ToProtobuf(), Is.EqualTo(modern));
        Assert.Throws<KeyFormatException>(() => PrivateKey.FromProtobuf(mismatched));
    }

    [Test]
    [Requirement("PEERID-ED-004")]
    public void Ed25519_signature_matches_rfc8032_test_1()
    {
        byte[] seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] expected = Convert.FromHexString(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        PrivateKey key = PrivateKey.Ed25519FromSeed(seed);

        Assert.That(key.Sign([]), Is.EqualTo(expected));
        Assert.That(key.PublicKey.Verify([], expected), Is.True);
    }

    [Test]
    [Requirement("PEERID-SECP-001")]
    [Requirement("PEERID-SECP-002")]
    public void Secp256k1_uses_compressed_points_and_der_signatures_over_sha256()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Secp256k1);
        byte[] raw = key.PublicKey.Raw.ToArray();
        byte[] privateData = key.ToProtobuf()[4..];
        byte[] signature = key.Sign("hello"u8);

        Assert.That(raw, Has.Length.EqualTo(33));
        Assert.That(raw[0], Is.AnyOf((byte)0x02, (byte)0x03));
        Assert.That(privateData, Has.Length.EqualTo(32));
        Assert.That(signature[0], Is.EqualTo(0x30), "DER SEQUENCE");
        Assert.That(signature[1], Is.EqualTo(signature.Length - 2), "DER length");
    }

    [Test]
    [Requirement("PEERID-ECDSA-001")]
    [Requirement("PEERID-ECDSA-002")]
    public void Ecdsa_uses_pkix_public_sec1_private_and_der_signatures()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ecdsa);
        using var system = System.Security.Cryptography.ECDsa.Create();
        system.ImportSubjectPublicKeyInfo(key.PublicKey.Raw.Span, out int read);
        byte[] signature = key.Sign("hello"u8);

        Assert.That(read, Is.EqualTo(key.PublicKey.Raw.Length));
        Assert.That(system.VerifyData("hello"u8, signature, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence), Is.True);
        using var sec1 = System.Security.Cryptography.ECDsa.Create();
        sec1.ImportECPrivateKey(key.ToProtobuf().AsSpan(4), out _);
    }

    [Test]
    [Requirement("PEERID-RSA-001")]
    [Requirement("PEERID-RSA-002")]
    [Requirement("PEERID-RSA-003")]
    public void Rsa_uses_pkix_public_pkcs1_private_pkcs1v15_sha256_and_bounds_the_size()
    {
        PrivateKey key = PrivateKey.FromProtobuf(IdentityVectors.PrivateKeyVector("RSA"));
        using var system = System.Security.Cryptography.RSA.Create();
        system.ImportSubjectPublicKeyInfo(key.PublicKey.Raw.Span, out _);
        byte[] signature = key.Sign("hello"u8);

        Assert.That(system.VerifyData("hello"u8, signature, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.RSASignaturePadding.Pkcs1), Is.True);

        using var small = System.Security.Cryptography.RSA.Create(1024);
        byte[] smallPublic = [0x08, 0x00, .. LengthDelimited(small.ExportSubjectPublicKeyInfo())];
        byte[] smallPrivate = [0x08, 0x00, .. LengthDelimited(small.ExportRSAPrivateKey())];
        Assert.Throws<KeyFormatException>(() => PublicKey.FromProtobuf(smallPublic));
        Assert.Throws<KeyFormatException>(() => PrivateKey.FromProtobuf(smallPrivate));
    }

    internal static byte[] LengthDelimited(byte[] data)
    {
        var varint = new byte[10];
        int n = Libp2p.Core.Multiformats.Varint.Write(varint, (ulong)data.Length);
        return [0x12, .. varint[..n], .. data];
    }
}
