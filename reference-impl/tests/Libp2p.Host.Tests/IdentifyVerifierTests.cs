using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;
using Libp2p.Protocols.Identify;

namespace Libp2p.Host.Tests;

public sealed class IdentifyVerifierTests
{
    private static readonly Multiaddr[] Addresses = [Multiaddr.Parse("/ip4/10.0.0.1/tcp/4001"), Multiaddr.Parse("/ip6/::1/tcp/4002")];

    [Test]
    public void AcceptsAWellFormedMessageAndVerifiesItsRecord()
    {
        PrivateKey key = Keys.Make(1);
        var message = IdentifyProtocol.BuildMessage(key, Addresses, ["/ipfs/ping/1.0.0"], Multiaddr.Parse("/ip4/1.2.3.4/tcp/5"), "test/1", 7);

        IdentifyInfo info = IdentifyVerifier.Verify(message, Keys.Peer(1), null);

        Assert.Multiple(() =>
        {
            Assert.That(info.PublicKey, Is.EqualTo(key.PublicKey));
            Assert.That(info.SignedPeerRecordVerified, Is.True);
            Assert.That(info.SignedPeerRecord!.Seq, Is.EqualTo(7UL));
            Assert.That(info.EffectiveAddresses, Is.EqualTo(Addresses));
            Assert.That(info.Protocols, Is.EqualTo(new[] { "/ipfs/ping/1.0.0" }));
            Assert.That(info.ObservedAddress, Is.EqualTo(Multiaddr.Parse("/ip4/1.2.3.4/tcp/5")));
            Assert.That(info.ProtocolVersion, Is.EqualTo(IdentifyProtocol.ProtocolVersion));
            Assert.That(info.AgentVersion, Is.EqualTo("test/1"));
        });
    }

    [Test]
    public void RejectsAKeyThatDoesNotMatchTheConnectionsPeer()
    {
        var message = IdentifyProtocol.BuildMessage(Keys.Make(1), Addresses, [], null, "test/1", 1);
        var e = Assert.Throws<IdentifyException>(() => IdentifyVerifier.Verify(message, Keys.Peer(2), null));
        Assert.That(e!.Error, Is.EqualTo(IdentifyError.PeerIdMismatch));
    }

    [Test]
    public void RejectsAnUndecodableKey()
    {
        var message = IdentifyProtocol.BuildMessage(Keys.Make(1), Addresses, [], null, "test/1", 1);
        message.PublicKey = ByteString.CopyFrom([1, 2, 3]);
        var e = Assert.Throws<IdentifyException>(() => IdentifyVerifier.Verify(message, Keys.Peer(1), null));
        Assert.That(e!.Error, Is.EqualTo(IdentifyError.InvalidPublicKey));
    }

    [Test]
    public void DiscardsARecordSignedByAnotherPeer()
    {
        var message = IdentifyProtocol.BuildMessage(Keys.Make(1), Addresses, [], null, "test/1", 1);
        // A genuine record of peer 3, relayed by peer 1: valid signature, wrong peer.
        message.SignedPeerRecord = ByteString.CopyFrom(new PeerRecord(Keys.Peer(3), 9, [Multiaddr.Parse("/ip4/6.6.6.6/tcp/1")]).Seal(Keys.Make(3)).ToBytes());

        IdentifyInfo info = IdentifyVerifier.Verify(message, Keys.Peer(1), null);

        Assert.Multiple(() =>
        {
            Assert.That(info.SignedPeerRecordVerified, Is.False);
            Assert.That(info.SignedPeerRecordEnvelope, Is.Null);
            Assert.That(info.SignedPeerRecordError, Does.Contain(Keys.Peer(3).ToString()));
            Assert.That(info.EffectiveAddresses, Is.EqualTo(Addresses));
        });
    }

    [Test]
    public void DiscardsARecordWithATamperedSignature()
    {
        var message = IdentifyProtocol.BuildMessage(Keys.Make(1), Addresses, [], null, "test/1", 1);
        byte[] envelope = message.SignedPeerRecord.ToByteArray();
        envelope[^1] ^= 0x01;
        message.SignedPeerRecord = ByteString.CopyFrom(envelope);

        IdentifyInfo info = IdentifyVerifier.Verify(message, Keys.Peer(1), null);

        Assert.That(info.SignedPeerRecordVerified, Is.False);
        Assert.That(info.SignedPeerRecordError, Is.Not.Null);
    }

    [Test]
    public void SkipsUnparseableAddressesAndKeepsTheRest()
    {
        var message = IdentifyProtocol.BuildMessage(Keys.Make(1), Addresses, [], null, "test/1", 1);
        message.ListenAddrs.Insert(0, ByteString.CopyFrom([0xFF, 0xFF, 0xFF]));
        message.ObservedAddr = ByteString.CopyFrom([0xFF]);
        message.ClearSignedPeerRecord();

        IdentifyInfo info = IdentifyVerifier.Verify(message, Keys.Peer(1), null);

        Assert.That(info.ListenAddresses, Is.EqualTo(Addresses));
        Assert.That(info.ObservedAddress, Is.Null);
    }

    [Test]
    public void APushWithoutKeyUsesTheConnectionsKey()
    {
        var push = new Libp2p.Core.Protos.Identify();
        push.Protocols.Add("/new/1");
        IdentifyInfo info = IdentifyVerifier.Verify(push, Keys.Peer(1), Keys.Make(1).PublicKey);
        Assert.That(info.PublicKey, Is.EqualTo(Keys.Make(1).PublicKey));
        Assert.That(info.ListenAddresses, Is.Empty);
    }
}
