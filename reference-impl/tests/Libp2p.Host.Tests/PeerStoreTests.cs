using CsCheck;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;
using Libp2p.Host.PeerStore;

namespace Libp2p.Host.Tests;

public sealed class PeerStoreTests
{
    private static Multiaddr Tcp(int i) => Multiaddr.Parse($"/ip4/10.0.{i / 250}.{(i % 250) + 1}/tcp/4001");

    [Test]
    public void AddressesExpireAfterTheirTtl()
    {
        var clock = new ManualClock();
        var store = new MemoryPeerStore(new PeerStoreOptions { Clock = clock });
        store.AddAddresses(Keys.Peer(1), [Tcp(1)], AddressTtl.Temporary);
        store.AddAddresses(Keys.Peer(1), [Tcp(2)], AddressTtl.Permanent);

        clock.Advance(AddressTtl.Temporary - TimeSpan.FromSeconds(1));
        Assert.That(store.GetAddresses(Keys.Peer(1)).Select(a => a.Address), Is.EquivalentTo(new[] { Tcp(1), Tcp(2) }));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(store.GetAddresses(Keys.Peer(1)).Select(a => a.Address), Is.EqualTo(new[] { Tcp(2) }));
    }

    [Test]
    public void ConnectedAddressesDropToRecentlyConnectedOnDisconnect()
    {
        var clock = new ManualClock();
        var store = new MemoryPeerStore(new PeerStoreOptions { Clock = clock });
        store.MarkConnected(Keys.Peer(1));
        store.AddAddresses(Keys.Peer(1), [Tcp(1)], AddressTtl.Connected);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.That(store.GetAddresses(Keys.Peer(1)), Has.Count.EqualTo(1));

        store.MarkDisconnected(Keys.Peer(1));
        clock.Advance(AddressTtl.RecentlyConnected - TimeSpan.FromSeconds(1));
        Assert.That(store.GetAddresses(Keys.Peer(1)), Has.Count.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(store.GetAddresses(Keys.Peer(1)), Is.Empty);
    }

    [Test]
    public void ASignedRecordReplacesUnsignedAddressesAndOnlyAHigherSeqReplacesIt()
    {
        var store = new MemoryPeerStore();
        PrivateKey key = Keys.Make(1);
        PeerId peer = Keys.Peer(1);
        store.AddAddresses(peer, [Tcp(1)], AddressTtl.Permanent);

        Assert.That(store.ConsumePeerRecord(new PeerRecord(peer, 5, [Tcp(2)]).Seal(key), AddressTtl.Permanent), Is.True);
        Assert.That(store.GetAddresses(peer).Select(a => (a.Address, a.Certified)), Is.EqualTo(new[] { (Tcp(2), true) }));

        // Hearsay is ignored while a certified record is held.
        Assert.That(store.AddAddresses(peer, [Tcp(3)], AddressTtl.Permanent), Is.Zero);
        // Same or lower seq is stale.
        Assert.That(store.ConsumePeerRecord(new PeerRecord(peer, 5, [Tcp(4)]).Seal(key), AddressTtl.Permanent), Is.False);
        Assert.That(store.ConsumePeerRecord(new PeerRecord(peer, 4, [Tcp(4)]).Seal(key), AddressTtl.Permanent), Is.False);
        Assert.That(store.ConsumePeerRecord(new PeerRecord(peer, 6, [Tcp(5)]).Seal(key), AddressTtl.Permanent), Is.True);
        Assert.That(store.GetAddresses(peer).Select(a => a.Address), Is.EqualTo(new[] { Tcp(5) }));
        Assert.That(PeerRecord.FromEnvelope(store.GetPeerRecord(peer)!).Seq, Is.EqualTo(6UL));
    }

    [Test]
    public void KeyBookRefusesAKeyOfAnotherPeer()
    {
        var store = new MemoryPeerStore();
        Assert.That(store.AddPublicKey(Keys.Peer(1), Keys.Make(2).PublicKey), Is.False);
        Assert.That(store.AddPublicKey(Keys.Peer(1), Keys.Make(1).PublicKey), Is.True);
        Assert.That(store.GetPublicKey(Keys.Peer(1)), Is.EqualTo(Keys.Make(1).PublicKey));
    }

    [Test]
    public void ProtocolBookAndMetadata()
    {
        var store = new MemoryPeerStore(new PeerStoreOptions { MaxProtocolsPerPeer = 3 });
        PeerId peer = Keys.Peer(1);
        store.SetProtocols(peer, ["/a", "/b"]);
        store.AddProtocols(peer, ["/b", "/c", "/d"]);
        Assert.That(store.GetProtocols(peer), Is.EqualTo(new[] { "/a", "/b", "/c" }));
        store.RemoveProtocols(peer, ["/a"]);
        Assert.That(store.SupportsProtocol(peer, "/a"), Is.False);
        Assert.That(store.SupportsProtocol(peer, "/c"), Is.True);
        store.PutMetadata(peer, MemoryPeerStore.AgentVersionKey, "x/1");
        Assert.That(store.GetMetadata(peer, MemoryPeerStore.AgentVersionKey), Is.EqualTo("x/1"));
    }

    [Test]
    public void EvictsTheLeastRecentlySeenDisconnectedPeer()
    {
        var clock = new ManualClock();
        var store = new MemoryPeerStore(new PeerStoreOptions { MaxPeers = 3, Clock = clock });
        store.MarkConnected(Keys.Peer(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        store.AddProtocols(Keys.Peer(2), ["/x"]);
        clock.Advance(TimeSpan.FromSeconds(1));
        store.AddProtocols(Keys.Peer(3), ["/x"]);
        clock.Advance(TimeSpan.FromSeconds(1));

        store.AddProtocols(Keys.Peer(4), ["/x"]);

        Assert.That(store.Peers, Is.EquivalentTo(new[] { Keys.Peer(1), Keys.Peer(3), Keys.Peer(4) }));
    }

    [Test]
    public void AStoreFullOfConnectedPeersRefusesNewOnes()
    {
        var store = new MemoryPeerStore(new PeerStoreOptions { MaxPeers = 2 });
        store.MarkConnected(Keys.Peer(1));
        store.MarkConnected(Keys.Peer(2));
        store.AddAddresses(Keys.Peer(3), [Tcp(1)], AddressTtl.Permanent);
        Assert.That(store.Contains(Keys.Peer(3)), Is.False);
        Assert.That(store.Count, Is.EqualTo(2));
    }

    [Test]
    public void BoundsHoldUnderAnySequenceOfOperations()
    {
        var op = Gen.Select(Gen.Int[0, 4], Gen.Byte[1, 12], Gen.Int[0, 40]);
        op.Array[1, 200].Sample(ops =>
        {
            var store = new MemoryPeerStore(new PeerStoreOptions { MaxPeers = 5, MaxAddressesPerPeer = 4, MaxProtocolsPerPeer = 3 });
            foreach ((int kind, byte seed, int n) in ops)
            {
                PeerId peer = Keys.Peer(seed);
                switch (kind)
                {
                    case 0: store.AddAddresses(peer, Enumerable.Range(n, 3).Select(Tcp), AddressTtl.RecentlyConnected); break;
                    case 1: store.AddProtocols(peer, Enumerable.Range(n, 3).Select(i => $"/p/{i}")); break;
                    case 2: store.MarkConnected(peer); break;
                    case 3: store.MarkDisconnected(peer); break;
                    default: store.Remove(peer); break;
                }
                Assert.That(store.Count, Is.LessThanOrEqualTo(5));
                foreach (PeerId known in store.Peers)
                {
                    Assert.That(store.GetAddresses(known), Has.Count.LessThanOrEqualTo(4));
                    Assert.That(store.GetProtocols(known), Has.Count.LessThanOrEqualTo(3));
                }
            }
        }, iter: 60);
    }

    [Test]
    public async Task ConcurrentWritersKeepTheStoreConsistent()
    {
        var store = new MemoryPeerStore(new PeerStoreOptions { MaxPeers = 50 });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                PeerId peer = Keys.Peer((byte)(1 + ((t * 7 + i) % 60)));
                store.AddAddresses(peer, [Tcp(i % 300)], AddressTtl.Temporary);
                store.AddProtocols(peer, ["/p/" + (i % 5)]);
                _ = store.GetAddresses(peer);
            }
        })));
        Assert.That(store.Count, Is.LessThanOrEqualTo(50));
    }
}
