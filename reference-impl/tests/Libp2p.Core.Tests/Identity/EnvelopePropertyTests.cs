using CsCheck;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Libp2p.Core.Tests.Identity;

public sealed class EnvelopePropertyTests
{
    private static readonly Gen<string> Domain = Gen.String[Gen.Char.AlphaNumeric, 1, 40];

    [Test]
    public void Envelopes_round_trip_for_any_domain_type_and_payload()
    {
        Gen.Int[0, KeyPool.All.Count - 1].Select(Domain, Gen.Byte.Array[0, 8], Gen.Byte.Array[0, 2000]).Sample((k, domain, type, payload) =>
        {
            PrivateKey key = KeyPool.All[k];
            SignedEnvelope sealedEnvelope = SignedEnvelope.Seal(key, domain, type, payload);

            SignedEnvelope opened = SignedEnvelope.Open(sealedEnvelope.ToBytes(), domain);

            Assert.That(opened.PublicKey, Is.EqualTo(key.PublicKey));
            Assert.That(opened.PayloadType.ToArray(), Is.EqualTo(type));
            Assert.That(opened.Payload.ToArray(), Is.EqualTo(payload));
            Assert.That(opened.ToBytes(), Is.EqualTo(sealedEnvelope.ToBytes()));
        }, iter: 200);
    }

    [Test]
    public void Any_other_domain_fails_with_invalid_signature()
    {
        PrivateKey key = KeyPool.Of(KeyType.Ed25519);
        Domain.Select(Domain).Where((a, b) => a != b).Sample((signed, other) =>
        {
            byte[] bytes = SignedEnvelope.Seal(key, signed, [1], "x"u8).ToBytes();
            var error = Assert.Throws<RecordException>(() => SignedEnvelope.Open(bytes, other));
            Assert.That(error!.Error, Is.EqualTo(RecordError.InvalidSignature));
        }, iter: 200);
    }

    [Test]
    public void Size_limit_is_enforced_before_parsing()
    {
        byte[] bytes = SignedEnvelope.Seal(KeyPool.Of(KeyType.Ed25519), "d", [1], new byte[5000]).ToBytes();

        Assert.That(SignedEnvelope.Open(bytes, "d", bytes.Length).Payload.Length, Is.EqualTo(5000));
        var error = Assert.Throws<RecordException>(() => SignedEnvelope.Open(bytes, "d", bytes.Length - 1));
        Assert.That(error!.Error, Is.EqualTo(RecordError.TooLarge));
    }

    [Test]
    public void Peer_records_round_trip_with_any_seq_and_addresses()
    {
        string[] pool = ["/ip4/127.0.0.1/tcp/1", "/ip6/::1/tcp/2/ws", "/dns/example.com/udp/3/quic-v1", "/ip4/10.0.0.1/udp/4/webrtc-direct"];
        Gen.ULong.Select(Gen.Int[0, pool.Length - 1].Array[0, 6], Gen.Int[0, KeyPool.All.Count - 1]).Sample((seq, picks, k) =>
        {
            PrivateKey key = KeyPool.All[k];
            Multiaddr[] addresses = picks.Select(i => Multiaddr.Parse(pool[i])).ToArray();
            var record = new PeerRecord(PeerId.FromPublicKey(key.PublicKey), seq, addresses);

            PeerRecord opened = PeerRecord.Open(record.Seal(key).ToBytes());

            Assert.That(opened.PeerId, Is.EqualTo(record.PeerId));
            Assert.That(opened.Seq, Is.EqualTo(seq));
            Assert.That(opened.Addresses, Is.EqualTo(addresses));
            Assert.That(PeerRecord.FromProtobuf(record.ToProtobuf()).Addresses, Is.EqualTo(addresses));
        }, iter: 100);
    }

    [Test]
    public void Too_many_addresses_are_rejected()
    {
        PrivateKey key = KeyPool.Of(KeyType.Ed25519);
        Multiaddr address = Multiaddr.Parse("/ip4/127.0.0.1/tcp/1");
        var record = new PeerRecord(PeerId.FromPublicKey(key.PublicKey), 1, Enumerable.Repeat(address, PeerRecord.MaxAddresses + 1).ToArray());

        var error = Assert.Throws<RecordException>(() => PeerRecord.FromProtobuf(record.ToProtobuf()));
        Assert.That(error!.Error, Is.EqualTo(RecordError.TooLarge));
    }
}
