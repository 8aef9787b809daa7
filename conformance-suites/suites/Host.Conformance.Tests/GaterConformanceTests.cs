using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.ConnectionManagement;
using Libp2p.Host.PeerStore;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>The connection gater's hooks: before dialing, on accept, after security, after the upgrade.</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class GaterConformanceTests(string transport)
{
    private static readonly TimeSpan Timeout = HostHarness.Timeout;

    [Test]
    [Requirement("HOST-GATE-001")]
    public async Task ADialRefusedByPeerOrAddressOpensNoConnection()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        var listenerGater = new RecordingGater();
        Node listener = await harness.StartAsync(b => b.WithGater(listenerGater), cancellationToken: cts.Token);
        var byPeer = new RecordingGater { AllowPeerDial = _ => false };
        var byAddress = new RecordingGater { AllowAddressDial = (_, _) => false };
        Node refusesPeer = await harness.StartAsync(b => b.WithGater(byPeer), listen: false, cancellationToken: cts.Token);
        Node refusesAddress = await harness.StartAsync(b => b.WithGater(byAddress), listen: false, cancellationToken: cts.Token);
        refusesPeer.PeerStore.AddAddresses(listener.PeerId, [HostHarness.TransportAddress(listener)], AddressTtl.Temporary);
        refusesAddress.PeerStore.AddAddresses(listener.PeerId, [HostHarness.TransportAddress(listener)], AddressTtl.Temporary);

        var peerStage = Assert.ThrowsAsync<ConnectionGatedException>(async () => await refusesPeer.ConnectAsync(listener.PeerId, cts.Token));
        var addressStage = Assert.ThrowsAsync<ConnectionGatedException>(async () => await refusesAddress.ConnectAsync(listener.PeerId, cts.Token));
        Assert.ThrowsAsync<ConnectionGatedException>(async () => await refusesAddress.DialAsync(listener.ListenAddresses[0], cts.Token));

        Assert.That(peerStage!.Stage, Is.EqualTo("peer-dial"));
        Assert.That(addressStage!.Stage, Is.EqualTo("address-dial"));
        Assert.That(listenerGater.Accepts, Is.Zero, "nothing reached the listener");
    }

    [Test]
    [Requirement("HOST-GATE-002")]
    public async Task AnInboundConnectionRefusedOnAcceptNeverStartsTheHandshake()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        var gater = new RecordingGater { AllowAccept = (_, _) => false };
        var refused = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Node listener = await harness.StartAsync(b => b.WithGater(gater), cancellationToken: cts.Token);
        listener.InboundUpgradeFailed += e => refused.TrySetResult(e);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);

        Assert.That(async () => await dialer.DialAsync(listener.ListenAddresses[0], cts.Token), Throws.Exception);

        Exception reason = await refused.Task.WaitAsync(Timeout, cts.Token);
        Assert.That(reason, Is.InstanceOf<ConnectionGatedException>().With.Property("Stage").EqualTo("accept"));
        Assert.That(gater.Secured, Is.Zero);
        Assert.That(listener.ConnectionCount, Is.Zero);
    }

    [TestCase("secured")]
    [TestCase("upgraded")]
    [Requirement("HOST-GATE-003")]
    public async Task AConnectionRefusedAfterAuthenticationIsClosedAndNeverReported(string stage)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        var gater = stage == "secured"
            ? new RecordingGater { AllowSecured = (_, peer, _) => peer != dialer.PeerId }
            : new RecordingGater { AllowUpgraded = c => c.RemotePeer != dialer.PeerId };
        var refused = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Node listener = await harness.StartAsync(b => b.WithGater(gater), cancellationToken: cts.Token);
        listener.InboundUpgradeFailed += e => refused.TrySetResult(e);
        using var connected = listener.Events.Subscribe<Events.PeerConnected>();

        // The dialer may finish its own upgrade before the listener's veto closes the connection.
        try
        {
            UpgradedConnection connection = await dialer.DialAsync(listener.ListenAddresses[0], cts.Token);
            await connection.Muxer.Completion.WaitAsync(Timeout, cts.Token);
        }
        catch (Exception e) when (e is not AssertionException)
        {
            // Refused during the dialer's upgrade: equally valid.
        }

        Exception reason = await refused.Task.WaitAsync(Timeout, cts.Token);
        Assert.That(reason, Is.InstanceOf<ConnectionGatedException>().With.Property("Stage").EqualTo(stage));
        Assert.That(connected.Reader.TryRead(out _), Is.False, "no PeerConnected for a refused connection");
        Assert.That(listener.IsConnected(dialer.PeerId), Is.False);
        Assert.That(listener.Resources.System.IsIdle, Is.True, "the refused connection's reservation was released");
    }

    private sealed class RecordingGater : IConnectionGater
    {
        private int _accepts;
        private int _secured;

        public Func<PeerId, bool> AllowPeerDial { get; init; } = _ => true;

        public Func<PeerId?, Multiaddr, bool> AllowAddressDial { get; init; } = (_, _) => true;

        public Func<Multiaddr, Multiaddr, bool> AllowAccept { get; init; } = (_, _) => true;

        public Func<bool, PeerId, Multiaddr, bool> AllowSecured { get; init; } = (_, _, _) => true;

        public Func<UpgradedConnection, bool> AllowUpgraded { get; init; } = _ => true;

        public int Accepts => Volatile.Read(ref _accepts);

        public int Secured => Volatile.Read(ref _secured);

        public bool InterceptPeerDial(PeerId peer) => AllowPeerDial(peer);

        public bool InterceptAddressDial(PeerId? peer, Multiaddr address) => AllowAddressDial(peer, address);

        public bool InterceptAccept(Multiaddr localAddress, Multiaddr remoteAddress)
        {
            Interlocked.Increment(ref _accepts);
            return AllowAccept(localAddress, remoteAddress);
        }

        public bool InterceptSecured(bool inbound, PeerId peer, Multiaddr remoteAddress)
        {
            Interlocked.Increment(ref _secured);
            return AllowSecured(inbound, peer, remoteAddress);
        }

        public bool InterceptUpgraded(UpgradedConnection connection) => AllowUpgraded(connection);
    }
}
