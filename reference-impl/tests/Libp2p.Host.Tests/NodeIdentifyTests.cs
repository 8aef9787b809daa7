using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Identify;
using Libp2p.Stack;
using Libp2p.Transports.Memory;

namespace Libp2p.Host.Tests;

[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class NodeIdentifyTests(string transport)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private Node CreateNode(MemoryHub hub) =>
        ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] }, transport == "memory" ? [new MemoryTransport(new MemoryTransportOptions { Hub = hub })] : null);

    private string ListenAddress => transport == "memory" ? "/memory/0" : "/ip4/127.0.0.1/tcp/0";

    [Test]
    public async Task IdentifyRunsBothWaysOnConnectAndFillsThePeerStores()
    {
        var hub = new MemoryHub();
        await using Node listener = CreateNode(hub);
        await using Node dialer = CreateNode(hub);
        using EventSubscription<IdentifyCompleted> listenerEvents = listener.Events.Subscribe<IdentifyCompleted>();
        using EventSubscription<IdentifyCompleted> dialerEvents = dialer.Events.Subscribe<IdentifyCompleted>();
        using EventSubscription<PeerConnected> connected = listener.Events.Subscribe<PeerConnected>();
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse(ListenAddress));

        using var cts = new CancellationTokenSource(Timeout);
        UpgradedConnection connection = await dialer.DialAsync(address, cts.Token);
        IdentifyInfo info = await dialer.Identify!.IdentifyAsync(connection, cts.Token);
        IdentifyCompleted seenByDialer = await dialerEvents.WaitAsync(e => e.Peer == listener.PeerId, Timeout);
        IdentifyCompleted seenByListener = await listenerEvents.WaitAsync(e => e.Peer == dialer.PeerId, Timeout);
        PeerConnected inbound = await connected.WaitAsync(e => e.Peer == dialer.PeerId, Timeout);

        Multiaddr listenerTransportAddress = address.DecapsulateCode(421);
        Assert.Multiple(() =>
        {
            Assert.That(info.PeerId, Is.EqualTo(listener.PeerId));
            Assert.That(info.ProtocolVersion, Is.EqualTo("ipfs/0.1.0"));
            Assert.That(info.AgentVersion, Does.StartWith("libp2p-conformance/"));
            Assert.That(info.Protocols, Is.SupersetOf(new[] { IdentifyProtocol.Id, IdentifyProtocol.PushId, "/ipfs/ping/1.0.0" }));
            Assert.That(info.SignedPeerRecordVerified, Is.True);
            Assert.That(info.EffectiveAddresses, Does.Contain(listenerTransportAddress));
            Assert.That(info.ObservedAddress, Is.EqualTo(connection.Raw.LocalAddress));
            Assert.That(seenByDialer.SignedPeerRecordVerified, Is.True);
            Assert.That(seenByListener.IsPush, Is.False);
            Assert.That(inbound.Inbound, Is.True);

            Assert.That(dialer.PeerStore.GetPublicKey(listener.PeerId), Is.EqualTo(info.PublicKey));
            Assert.That(dialer.PeerStore.GetProtocols(listener.PeerId), Is.EquivalentTo(info.Protocols));
            Assert.That(dialer.PeerStore.GetAddresses(listener.PeerId).Where(a => a.Certified).Select(a => a.Address), Does.Contain(listenerTransportAddress));
            Assert.That(dialer.PeerStore.GetMetadata(listener.PeerId, MemoryPeerStore.AgentVersionKey), Is.EqualTo(info.AgentVersion));
            Assert.That(PeerRecord.FromEnvelope(dialer.PeerStore.GetPeerRecord(listener.PeerId)!).PeerId, Is.EqualTo(listener.PeerId));
            Assert.That(listener.PeerStore.GetProtocols(dialer.PeerId), Does.Contain(IdentifyProtocol.Id));
            Assert.That(listener.PeerStore.IsConnected(dialer.PeerId), Is.True);
        });
    }

    [Test]
    public async Task AProtocolAddedAtRuntimeIsPushedToConnectedPeers()
    {
        var hub = new MemoryHub();
        await using Node listener = CreateNode(hub);
        await using Node dialer = CreateNode(hub);
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse(ListenAddress));
        using var cts = new CancellationTokenSource(Timeout);
        UpgradedConnection connection = await dialer.DialAsync(address, cts.Token);
        await dialer.Identify!.IdentifyAsync(connection, cts.Token);
        using EventSubscription<IdentifyCompleted> pushes = dialer.Events.Subscribe<IdentifyCompleted>();

        listener.SetStreamHandler("/conformance/added/1.0.0", (context, token) => context.Pipe.Output.CompleteAsync().AsTask());

        IdentifyCompleted push = await pushes.WaitAsync(e => e.IsPush && e.Protocols.Contains("/conformance/added/1.0.0"), Timeout);
        Assert.That(push.Peer, Is.EqualTo(listener.PeerId));
        Assert.That(dialer.PeerStore.SupportsProtocol(listener.PeerId, "/conformance/added/1.0.0"), Is.True);

        listener.RemoveStreamHandler("/conformance/added/1.0.0");
        await pushes.WaitAsync(e => e.IsPush && !e.Protocols.Contains("/conformance/added/1.0.0"), Timeout);
        Assert.That(dialer.PeerStore.SupportsProtocol(listener.PeerId, "/conformance/added/1.0.0"), Is.False);
    }

    [Test]
    public async Task DisconnectIsPublishedAndAddressesLeaveTheConnectedTtl()
    {
        var hub = new MemoryHub();
        await using Node listener = CreateNode(hub);
        await using Node dialer = CreateNode(hub);
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse(ListenAddress));
        using EventSubscription<PeerDisconnected> disconnected = dialer.Events.Subscribe<PeerDisconnected>();
        using var cts = new CancellationTokenSource(Timeout);
        UpgradedConnection connection = await dialer.DialAsync(address, cts.Token);
        await dialer.Identify!.IdentifyAsync(connection, cts.Token);

        await connection.DisposeAsync();

        PeerDisconnected gone = await disconnected.WaitAsync(e => e.Peer == listener.PeerId, Timeout);
        Assert.That(gone.Peer, Is.EqualTo(listener.PeerId));
        Assert.That(dialer.PeerStore.IsConnected(listener.PeerId), Is.False);
        Assert.That(dialer.PeerStore.GetAddresses(listener.PeerId).All(a => a.Expires < DateTimeOffset.MaxValue.AddYears(-1)), Is.True);
    }
}
