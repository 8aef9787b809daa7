using Libp2p.Conformance;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Identify;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Host behaviours of the reference stack (libp2p/specs connections/README.md and deployed practice).</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class HostConformanceTests(string transport)
{
    [Test]
    [Requirement("HOST-PSTORE-001")]
    [Requirement("HOST-PSTORE-002")]
    public async Task ThePeerStoreHoldsKeyProtocolsAndAddressesLearnedThroughIdentify()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        IdentifyInfo info = await pair.Dialer.Identify!.IdentifyAsync(pair.Connection, cts.Token);
        MemoryPeerStore store = pair.Dialer.PeerStore;
        Assert.Multiple(() =>
        {
            Assert.That(store.Peers, Does.Contain(pair.Listener.PeerId));
            Assert.That(store.GetPublicKey(pair.Listener.PeerId), Is.EqualTo(pair.Connection.Secure.RemotePublicKey));
            Assert.That(store.GetProtocols(pair.Listener.PeerId), Is.EquivalentTo(info.Protocols));
            Assert.That(store.GetAddresses(pair.Listener.PeerId).Select(a => a.Address), Does.Contain(pair.ListenAddress.DecapsulateCode(421)));
        });
    }

    [Test]
    [Requirement("HOST-PSTORE-004")]
    public async Task AddressesLeaveTheConnectedTtlWhenTheLastConnectionCloses()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Dialer.Identify!.IdentifyAsync(pair.Connection, cts.Token);
        using EventSubscription<PeerDisconnected> gone = pair.Dialer.Events.Subscribe<PeerDisconnected>();
        DateTimeOffset farFuture = DateTimeOffset.UtcNow.AddYears(100);
        Assert.That(pair.Dialer.PeerStore.GetAddresses(pair.Listener.PeerId).All(a => a.Expires > farFuture), Is.True);

        await pair.Connection.DisposeAsync();
        await gone.WaitAsync(e => e.Peer == pair.Listener.PeerId, NodePair.Timeout, cts.Token);

        IReadOnlyList<PeerAddress> after = pair.Dialer.PeerStore.GetAddresses(pair.Listener.PeerId);
        Assert.That(after, Is.Not.Empty);
        Assert.That(after.All(a => a.Expires <= DateTimeOffset.UtcNow + AddressTtl.RecentlyConnected + TimeSpan.FromMinutes(1)), Is.True);
    }

    [Test]
    [Requirement("HOST-EVENT-001")]
    public async Task ConnectedAndDisconnectedAreAnnounced()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        using EventSubscription<PeerDisconnected> gone = pair.Listener.Events.Subscribe<PeerDisconnected>();

        await pair.Connection.DisposeAsync();

        PeerDisconnected e = await gone.WaitAsync(d => d.Peer == pair.Dialer.PeerId, NodePair.Timeout, cts.Token);
        Assert.That(e.Peer, Is.EqualTo(pair.Dialer.PeerId));
        Assert.That(pair.Listener.PeerStore.IsConnected(pair.Dialer.PeerId), Is.False);
    }

    [Test]
    [Requirement("HOST-LISTEN-001")]
    public async Task ListenAddressesHaveTheirPortsResolved()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        Multiaddr listen = pair.Listener.ListenAddresses.Single();
        Assert.That(listen, Is.EqualTo(pair.ListenAddress));
        Assert.That(listen.ToString(), Does.Not.Contain("/tcp/0/").And.Not.Contain("/memory/0/"));
    }
}
