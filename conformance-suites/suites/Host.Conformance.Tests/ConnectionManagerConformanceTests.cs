using Libp2p.Conformance;
using Libp2p.Host.ConnectionManagement;
using Libp2p.Host.Events;
using Libp2p.Host.Resources;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Connection watermarks, protection, scores and grace (connections/README.md "Connection Limits").</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class ConnectionManagerConformanceTests(string transport)
{
    private static readonly TimeSpan Timeout = HostHarness.Timeout;

    private static async Task<Node[]> ConnectDialersAsync(HostHarness harness, Node listener, int count, CancellationToken cancellationToken)
    {
        var dialers = new Node[count];
        for (int i = 0; i < count; i++)
        {
            dialers[i] = await harness.StartAsync(listen: false, cancellationToken: cancellationToken);
        }
        return dialers;
    }

    [Test]
    [Requirement("HOST-CONNMGR-001")]
    [Requirement("HOST-CONNMGR-002")]
    [Requirement("HOST-CONNMGR-005")]
    public async Task AboveTheHighWatermarkTheLowestScoredUnprotectedConnectionsAreClosed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(b => b.WithConnectionManager(new ConnectionManagerOptions { LowWater = 2, HighWater = 4, GracePeriod = TimeSpan.Zero }), cancellationToken: cts.Token);
        Node[] dialers = await ConnectDialersAsync(harness, listener, 5, cts.Token);
        listener.ConnectionManager.Protect(dialers[0].PeerId, "test");
        listener.ConnectionManager.TagPeer(dialers[1].PeerId, "useful", 100);
        using EventSubscription<PeerConnected> connected = listener.Events.Subscribe<PeerConnected>();
        using EventSubscription<PeerDisconnected> trimmed = listener.Events.Subscribe<PeerDisconnected>();

        for (int i = 0; i < 4; i++)
        {
            await dialers[i].ConnectAsync(listener.ListenAddresses[0], cts.Token);
            await connected.WaitAsync(e => e.Peer == dialers[i].PeerId, Timeout, cts.Token);
        }
        Assert.That(listener.ConnectionCount, Is.EqualTo(4), "at the high watermark nothing is trimmed");
        await dialers[4].ConnectAsync(listener.ListenAddresses[0], cts.Token);
        for (int i = 0; i < 3; i++)
        {
            await trimmed.WaitAsync(_ => true, Timeout, cts.Token);
        }

        Assert.That(listener.ConnectionCount, Is.EqualTo(2));
        Assert.That(listener.IsConnected(dialers[0].PeerId), Is.True, "protected");
        Assert.That(listener.IsConnected(dialers[1].PeerId), Is.True, "highest score");
    }

    [Test]
    [Requirement("HOST-CONNMGR-004")]
    public async Task ConnectionsInTheirGracePeriodAreNotTrimmed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(b => b.WithConnectionManager(new ConnectionManagerOptions { LowWater = 1, HighWater = 2, GracePeriod = TimeSpan.FromHours(1) }), cancellationToken: cts.Token);
        Node[] dialers = await ConnectDialersAsync(harness, listener, 4, cts.Token);
        using EventSubscription<PeerConnected> connected = listener.Events.Subscribe<PeerConnected>();

        foreach (Node dialer in dialers)
        {
            await dialer.ConnectAsync(listener.ListenAddresses[0], cts.Token);
            await connected.WaitAsync(e => e.Peer == dialer.PeerId, Timeout, cts.Token);
        }

        Assert.That(listener.ConnectionManager.IsOverHighWater, Is.True);
        Assert.That(listener.ConnectionManager.SelectForTrim(), Is.Empty);
        Assert.That(await listener.ConnectionManager.TrimAsync(cts.Token), Is.Zero);
        Assert.That(listener.ConnectionCount, Is.EqualTo(4));
    }

    [Test]
    [Requirement("HOST-CONNMGR-003")]
    public async Task InboundConnectionsBeyondTheLimitAreRefusedBeforeTheHandshake()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        var failures = new List<Exception>();
        var refused = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Node listener = await harness.StartAsync(b => b.WithResourceLimits(new ResourceLimits { System = new ScopeLimits { InboundConnections = 1 } }), cancellationToken: cts.Token);
        listener.InboundUpgradeFailed += e => refused.TrySetResult(e);
        Node first = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        Node second = await harness.StartAsync(listen: false, cancellationToken: cts.Token);

        await first.ConnectAsync(listener.ListenAddresses[0], cts.Token);
        Assert.That(async () => await second.DialAsync(listener.ListenAddresses[0], cts.Token), Throws.Exception);

        Exception reason = await refused.Task.WaitAsync(Timeout, cts.Token);
        Assert.That(reason, Is.InstanceOf<ResourceLimitExceededException>());
        Assert.That(((ResourceLimitExceededException)reason).Scope, Is.EqualTo("system"));
        Assert.That(listener.Resources.System.InboundConnections, Is.EqualTo(1));
        Assert.That(listener.IsConnected(second.PeerId), Is.False);
    }
}
