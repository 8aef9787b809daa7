using Google.Protobuf;
using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Identity.Conformance.Tests;

/// <summary>libp2p/specs RFC/0002-signed-envelopes.md.</summary>
public sealed class EnvelopeConformanceTests
{
    private static readonly KeyType[] AllTypes = [KeyType.Ed25519, KeyType.Secp256k1, KeyType.Ecdsa, KeyType.Rsa];

    private static PrivateKey KeyOf(KeyType type) =>
        type == KeyType.Rsa ? PrivateKey.FromProtobuf(IdentityVectors.PrivateKeyVector("RSA")) : PrivateKey.Generate(type);

    [TestCaseSource(nameof(AllTypes))]
    [Requirement("ENVELOPE-WIRE-001")]
    [Requirement("ENVELOPE-SIG-001")]
    [Requirement("ENVELOPE-SIG-002")]
    public void Sealed_envelope_has_the_spec_fields_and_signs_the_length_prefixed_concatenation(KeyType type)
    {
        PrivateKey key = KeyOf(type);
        byte[] payloadType = [0x03, 0x01];
        byte[] payload = "payload bytes"u8.ToArray();

        byte[] bytes = SignedEnvelope.Seal(key, "test-domain", payloadType, payload).ToBytes();

        var message = Libp2p.Core.Protos.Envelope.Parser.ParseFrom(bytes);
        Assert.That(message.PublicKey.ToByteArray(), Is.EqualTo(key.PublicKey.ToProtobuf()));
        Assert.That(message.PayloadType.ToByteArray(), Is.EqualTo(payloadType));
        Assert.That(message.Payload.ToByteArray(), Is.EqualTo(payload));
        byte[] signed = [11, .. "test-domain"u8, 2, .. payloadType, (byte)payload.Length, .. payload];
        Assert.That(key.PublicKey.Verify(signed, message.Signature.ToByteArray()), Is.True);
        Assert.That(ReadFieldNumbers(bytes), Is.EqualTo(new[] { 1, 2, 3, 5 }));
    }

    [TestCaseSource(nameof(AllTypes))]
    [Requirement("ENVELOPE-SIG-003")]
    [Requirement("ENVELOPE-WIRE-002")]
    public void Open_verifies_and_returns_the_fields_and_signer(KeyType type)
    {
        PrivateKey key = KeyOf(type);
        byte[] bytes = SignedEnvelope.Seal(key, "test-domain", [0x03, 0x01], "p"u8).ToBytes();

        SignedEnvelope opened = SignedEnvelope.Open(bytes, "test-domain");

        Assert.That(opened.PublicKey, Is.EqualTo(key.PublicKey));
        Assert.That(PeerId.FromPublicKey(opened.PublicKey), Is.EqualTo(PeerId.FromPublicKey(key.PublicKey)));
        Assert.That(opened.Payload.ToArray(), Is.EqualTo("p"u8.ToArray()));
    }

    [Test]
    [Requirement("ENVELOPE-DOMAIN-001")]
    [Requirement("ENVELOPE-DOMAIN-002")]
    public void A_signature_for_one_domain_is_rejected_for_another()
    {
        byte[] bytes = SignedEnvelope.Seal(PrivateKey.Generate(KeyType.Ed25519), "domain-a", [0x03, 0x01], "p"u8).ToBytes();

        var error = Assert.Throws<RecordException>(() => SignedEnvelope.Open(bytes, "domain-b"));
        Assert.That(error!.Error, Is.EqualTo(RecordError.InvalidSignature));
        Assert.That(bytes.AsSpan().IndexOf("domain-a"u8), Is.EqualTo(-1), "the domain is not carried on the wire");
    }

    [Test]
    [Requirement("ENVELOPE-DOMAIN-003")]
    public void Empty_domain_is_refused_for_sealing_and_opening()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        byte[] bytes = SignedEnvelope.Seal(key, "d", [1], "p"u8).ToBytes();

        Assert.Throws<ArgumentException>(() => SignedEnvelope.Seal(key, "", [1], "p"u8));
        Assert.Throws<ArgumentException>(() => SignedEnvelope.Open(bytes, ""));
    }

    [Test]
    [Requirement("ENVELOPE-WIRE-004")]
    [Requirement("PEERID-SIG-001")]
    public void Malformed_envelopes_are_rejected_with_typed_errors()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        byte[] good = SignedEnvelope.Seal(key, "d", [1], "payload"u8).ToBytes();
        var message = Libp2p.Core.Protos.Envelope.Parser.ParseFrom(good);

        var noKey = message.Clone();
        noKey.PublicKey = null;
        var badKey = message.Clone();
        badKey.PublicKey = new Libp2p.Core.Protos.PublicKey { Type = Libp2p.Core.Protos.KeyType.Ed25519, Data = ByteString.CopyFrom(new byte[5]) };
        var tamperedPayload = message.Clone();
        tamperedPayload.Payload = ByteString.CopyFromUtf8("payloaD");
        var tamperedSignature = message.Clone();
        byte[] signature = message.Signature.ToByteArray();
        signature[10] ^= 0x40;
        tamperedSignature.Signature = ByteString.CopyFrom(signature);
        var otherSigner = message.Clone();
        otherSigner.PublicKey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(PrivateKey.Generate(KeyType.Ed25519).PublicKey.ToProtobuf());

        Assert.Multiple(() =>
        {
            Assert.That(ErrorOf(good[..^3]), Is.EqualTo(RecordError.Malformed));
            Assert.That(ErrorOf([0xff, 0xff, 0xff]), Is.EqualTo(RecordError.Malformed));
            Assert.That(ErrorOf(noKey.ToByteArray()), Is.EqualTo(RecordError.InvalidPublicKey));
            Assert.That(ErrorOf(badKey.ToByteArray()), Is.EqualTo(RecordError.InvalidPublicKey));
            Assert.That(ErrorOf(tamperedPayload.ToByteArray()), Is.EqualTo(RecordError.InvalidSignature));
            Assert.That(ErrorOf(tamperedSignature.ToByteArray()), Is.EqualTo(RecordError.InvalidSignature));
            Assert.That(ErrorOf(otherSigner.ToByteArray()), Is.EqualTo(RecordError.InvalidSignature));
            Assert.That(ErrorOf(new byte[SignedEnvelope.DefaultMaxLength + 1]), Is.EqualTo(RecordError.TooLarge));
        });
    }

    [Test]
    [Requirement("ENVELOPE-TYPE-002")]
    public void An_opened_envelope_is_re_sent_byte_for_byte()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Secp256k1);
        var message = Libp2p.Core.Protos.Envelope.Parser.ParseFrom(SignedEnvelope.Seal(key, "d", [1], "p"u8).ToBytes());
        // Field order 5, 3, 2, 1: valid protobuf, not what a sealer writes; it must survive a store-and-forward.
        byte[] reordered =
        [
            .. Field(5, message.Signature.ToByteArray()), .. Field(3, message.Payload.ToByteArray()),
            .. Field(2, message.PayloadType.ToByteArray()), .. Field(1, message.PublicKey.ToByteArray()),
        ];

        SignedEnvelope opened = SignedEnvelope.Open(reordered, "d");

        Assert.That(opened.ToBytes(), Is.EqualTo(reordered));
    }

    [Test]
    [Requirement("ENVELOPE-WIRE-003")]
    [Requirement("ENVELOPE-TYPE-001")]
    public void Payload_type_is_carried_verbatim_and_typed_opening_checks_it()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        byte[] codecThenSuffix = [0x81, 0x06, .. "suffix"u8];
        SignedEnvelope envelope = SignedEnvelope.Open(SignedEnvelope.Seal(key, PeerRecord.Domain, codecThenSuffix, "x"u8).ToBytes(), PeerRecord.Domain);

        Assert.That(envelope.PayloadType.ToArray(), Is.EqualTo(codecThenSuffix));
        Assert.That(Varint.Read(envelope.PayloadType.Span, out _), Is.EqualTo(0x301UL));
        var error = Assert.Throws<RecordException>(() => PeerRecord.FromEnvelope(envelope));
        Assert.That(error!.Error, Is.EqualTo(RecordError.WrongPayloadType));
    }

    private static RecordError? ErrorOf(byte[] bytes)
    {
        try
        {
            SignedEnvelope.Open(bytes, "d");
            return null;
        }
        catch (RecordException e)
        {
            return e.Error;
        }
    }

    private static byte[] Field(int number, byte[] value)
    {
        var varint = new byte[10];
        int n = Varint.Write(varint, (ulong)value.Length);
        return [(byte)((number << 3) | 2), .. varint[..n], .. value];
    }

    private static int[] ReadFieldNumbers(byte[] bytes)
    {
        var fields = new List<int>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            fields.Add(WireFormat.GetTagFieldNumber(tag));
            input.SkipLastField();
        }
        return [.. fields];
    }
}
