using Google.Protobuf;
using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Identity.Conformance.Tests;

/// <summary>libp2p/specs RFC/0003-routing-records.md as deployed by go-libp2p and js-libp2p.</summary>
public sealed class PeerRecordConformanceTests
{
    private static readonly Multiaddr[] Addresses =
    [
        Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001"),
        Multiaddr.Parse("/ip6/::1/udp/4001/quic-v1"),
    ];

    [Test]
    [Requirement("PEERRECORD-WIRE-001")]
    [Requirement("PEERRECORD-WIRE-002")]
    public void Record_protobuf_has_binary_peer_id_seq_and_binary_multiaddrs()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        PeerId id = PeerId.FromPublicKey(key.PublicKey);

        byte[] bytes = new PeerRecord(id, 42, Addresses).ToProtobuf();

        var message = Libp2p.Core.Protos.PeerRecord.Parser.ParseFrom(bytes);
        Assert.That(message.PeerId.ToByteArray(), Is.EqualTo(id.ToBytes()));
        Assert.That(message.Seq, Is.EqualTo(42UL));
        Assert.That(message.Addresses.Select(a => a.Multiaddr.ToByteArray()), Is.EqualTo(Addresses.Select(a => a.ToBytes())));
        PeerRecord decoded = PeerRecord.FromProtobuf(bytes);
        Assert.That(decoded.PeerId, Is.EqualTo(id));
        Assert.That(decoded.Addresses, Is.EqualTo(Addresses));
    }

    [Test]
    [Requirement("PEERRECORD-ENV-001")]
    [Requirement("PEERRECORD-ENV-002")]
    [Requirement("PEERRECORD-ENV-003")]
    public void Sealed_record_uses_the_deployed_domain_and_payload_type_and_the_host_key()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Secp256k1);
        var record = new PeerRecord(PeerId.FromPublicKey(key.PublicKey), 7, Addresses);

        byte[] bytes = record.Seal(key).ToBytes();

        SignedEnvelope envelope = SignedEnvelope.Open(bytes, "libp2p-peer-record");
        Assert.That(envelope.PayloadType.ToArray(), Is.EqualTo(new byte[] { 0x03, 0x01 }));
        Assert.That(envelope.PublicKey, Is.EqualTo(key.PublicKey));
        PeerRecord opened = PeerRecord.Open(bytes);
        Assert.That(opened.Seq, Is.EqualTo(7UL));
        Assert.That(opened.PeerId, Is.EqualTo(record.PeerId));
        Assert.Throws<RecordException>(() => SignedEnvelope.Open(bytes, "libp2p-routing-state"));
    }

    [Test]
    [Requirement("PEERRECORD-ENV-003")]
    public void Sealing_with_a_key_that_is_not_the_records_peer_is_refused()
    {
        var record = new PeerRecord(PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey), 1, Addresses);

        Assert.Throws<ArgumentException>(() => record.Seal(PrivateKey.Generate(KeyType.Ed25519)));
    }

    [Test]
    [Requirement("PEERRECORD-ENV-005")]
    public void A_record_for_another_peer_inside_a_valid_envelope_is_discarded()
    {
        PrivateKey signer = PrivateKey.Generate(KeyType.Ed25519);
        PeerId victim = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        byte[] payload = new PeerRecord(victim, 1, Addresses).ToProtobuf();
        byte[] envelope = SignedEnvelope.Seal(signer, PeerRecord.Domain, PeerRecord.PayloadType, payload).ToBytes();

        var error = Assert.Throws<RecordException>(() => PeerRecord.Open(envelope));
        Assert.That(error!.Error, Is.EqualTo(RecordError.PeerIdMismatch));
    }

    [Test]
    [Requirement("PEERRECORD-ENV-004")]
    public void Signature_is_checked_before_the_record_is_decoded()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        // A payload that is not a peer record: with a valid signature it fails decoding, with a bad one it must
        // fail on the signature first.
        byte[] envelope = SignedEnvelope.Seal(key, PeerRecord.Domain, PeerRecord.PayloadType, [0xff, 0xff]).ToBytes();
        var message = Libp2p.Core.Protos.Envelope.Parser.ParseFrom(envelope);
        byte[] signature = message.Signature.ToByteArray();
        signature[0] ^= 1;
        message.Signature = ByteString.CopyFrom(signature);

        Assert.That(Assert.Throws<RecordException>(() => PeerRecord.Open(envelope))!.Error, Is.EqualTo(RecordError.Malformed));
        Assert.That(Assert.Throws<RecordException>(() => PeerRecord.Open(message.ToByteArray()))!.Error, Is.EqualTo(RecordError.InvalidSignature));
    }

    [Test]
    [Requirement("PEERRECORD-WIRE-003")]
    public void A_record_with_an_invalid_binary_multiaddr_is_rejected()
    {
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        var message = new Libp2p.Core.Protos.PeerRecord { PeerId = ByteString.CopyFrom(PeerId.FromPublicKey(key.PublicKey).Bytes), Seq = 1 };
        message.Addresses.Add(new Libp2p.Core.Protos.PeerRecord.Types.AddressInfo { Multiaddr = ByteString.CopyFrom(0x04, 127, 0) });
        byte[] envelope = SignedEnvelope.Seal(key, PeerRecord.Domain, PeerRecord.PayloadType, message.ToByteArray()).ToBytes();

        var error = Assert.Throws<RecordException>(() => PeerRecord.Open(envelope));
        Assert.That(error!.Error, Is.EqualTo(RecordError.Malformed));
    }
}
