using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Conformance;
using Libp2p.Host.Events;
using Libp2p.Host.Resources;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Ping;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>The resource manager on the wire: stream floods, typed refusals, memory reservations, release.</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class ResourceConformanceTests(string transport)
{
    private const string MemoryProtocol = "/conformance/memory/1.0.0";
    private static readonly TimeSpan Timeout = HostHarness.Timeout;

    private static async Task EventuallyAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting until {what}");
            }
        }
    }

    private static async Task<int> ReadByteAsync(PipeReader input, CancellationToken cancellationToken)
    {
        ReadResult read = await input.ReadAsync(cancellationToken);
        if (read.Buffer.IsEmpty)
        {
            input.AdvanceTo(read.Buffer.End);
            return -1;
        }
        int value = read.Buffer.FirstSpan[0];
        input.AdvanceTo(read.Buffer.GetPosition(1));
        return value;
    }

    [Test]
    [Requirement("HOST-RCMGR-003")]
    public async Task AStreamFloodIsHeldToThePeerLimitWhileOtherPeersKeepWorking()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(b => b.WithResourceLimits(new ResourceLimits { Peer = new ScopeLimits { InboundStreams = 16 } }), cancellationToken: cts.Token);
        Node flooder = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        Node bystander = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        UpgradedConnection flood = await flooder.ConnectAsync(listener.ListenAddresses[0], cts.Token);

        // Open streams as fast as possible and hold every one that gets through.
        Task<StreamContext?>[] attempts = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await flooder.NewStreamAsync(flood, [EchoProtocol.Id], cts.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null;
            }
        })).ToArray();
        StreamContext[] held = (await Task.WhenAll(attempts)).OfType<StreamContext>().ToArray();

        Assert.That(held, Has.Length.InRange(1, 16), "at most the peer's inbound stream limit got through");
        Assert.That(listener.Router.RefusedStreams, Is.GreaterThanOrEqualTo(200 - 16));

        UpgradedConnection other = await bystander.ConnectAsync(listener.ListenAddresses[0], cts.Token);
        StreamContext ping = await bystander.NewStreamAsync(other, [PingProtocol.Id], cts.Token);
        await PingProtocol.PingOnceAsync(ping.Pipe, cts.Token);
        await ping.Stream.DisposeAsync();

        foreach (StreamContext stream in held)
        {
            await stream.Pipe.Output.CompleteAsync();
            await stream.Stream.DisposeAsync();
        }
        await EventuallyAsync(() => listener.Resources.FindPeerScope(flooder.PeerId)?.InboundStreams is null or 0, "the flood's streams are released", cts.Token);
        StreamContext again = await flooder.NewStreamAsync(flood, [EchoProtocol.Id], cts.Token);
        Assert.That(await EchoProtocol.RoundTripAsync(again.Pipe, 4096, EchoProtocol.NewSeed(), cts.Token), Is.EqualTo(4096), "the flooding peer's connection still works");
        await again.Stream.DisposeAsync();
        Assert.That(listener.IsConnected(flooder.PeerId), Is.True);
    }

    [Test]
    [Requirement("HOST-RCMGR-002")]
    public async Task AnOutboundStreamBeyondTheLimitIsATypedErrorThatReservesNothing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(b => b.WithResourceLimits(new ResourceLimits { Peer = new ScopeLimits { OutboundStreams = 2 } }), listen: false, cancellationToken: cts.Token);
        UpgradedConnection connection = await dialer.ConnectAsync(listener.ListenAddresses[0], cts.Token);
        StreamContext a = await dialer.NewStreamAsync(connection, [PingProtocol.Id], cts.Token);
        StreamContext b = await dialer.NewStreamAsync(connection, [PingProtocol.Id], cts.Token);

        var refused = Assert.ThrowsAsync<ResourceLimitExceededException>(async () => await dialer.NewStreamAsync(connection, [PingProtocol.Id], cts.Token));

        Assert.That(refused!.Scope, Is.EqualTo("peer:" + listener.PeerId));
        Assert.That(refused.Kind, Is.EqualTo(ResourceKind.OutboundStream));
        Assert.That(dialer.Resources.System.OutboundStreams, Is.EqualTo(2));
        await a.Stream.DisposeAsync();
        StreamContext c = await dialer.NewStreamAsync(connection, [PingProtocol.Id], cts.Token);
        await PingProtocol.PingOnceAsync(c.Pipe, cts.Token);
        await b.Stream.DisposeAsync();
        await c.Stream.DisposeAsync();
        Assert.That(dialer.Resources.System.OutboundStreams, Is.Zero);
    }

    [Test]
    [Requirement("HOST-RCMGR-001")]
    public async Task AHandlerReservesMemoryInItsProtocolScope()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(
            b => b.WithResourceLimits(new ResourceLimits { ProtocolOverrides = new Dictionary<string, ScopeLimits> { [MemoryProtocol] = new() { Memory = 1000 } } })
                  .Handle(MemoryProtocol, async (context, token) =>
                  {
                      context.Resources!.ReserveMemory(800);
                      context.Pipe.Output.Write((ReadOnlySpan<byte>)[1]);
                      await context.Pipe.Output.FlushAsync(token);
                      await ReadByteAsync(context.Pipe.Input, token);
                      await context.Pipe.Output.CompleteAsync();
                  }),
            cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        UpgradedConnection connection = await dialer.ConnectAsync(listener.ListenAddresses[0], cts.Token);

        StreamContext first = await dialer.NewStreamAsync(connection, [MemoryProtocol], cts.Token);
        Assert.That(await ReadByteAsync(first.Pipe.Input, cts.Token), Is.EqualTo(1));
        Assert.That(listener.Resources.FindProtocolScope(MemoryProtocol)!.Memory, Is.EqualTo(800));
        Assert.That(listener.Resources.FindPeerScope(dialer.PeerId)!.Memory, Is.EqualTo(800));

        // The reset may overtake the negotiation's answer, so it can surface while opening or while reading.
        Assert.That(
            async () =>
            {
                StreamContext second = await dialer.NewStreamAsync(connection, [MemoryProtocol], cts.Token);
                await using (second.Stream)
                {
                    await ReadByteAsync(second.Pipe.Input, cts.Token);
                }
            },
            Throws.InstanceOf<Core.Abstractions.StreamResetException>(),
            "the handler's refused reservation reset its stream");

        await first.Pipe.Output.CompleteAsync();
        await first.Stream.DisposeAsync();
        await EventuallyAsync(() => listener.Resources.System.Memory == 0, "the handler's memory is released", cts.Token);
    }

    [Test]
    [Requirement("HOST-RCMGR-004")]
    public async Task APeerThatLeavesHoldsNothing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        using EventSubscription<PeerDisconnected> gone = listener.Events.Subscribe<PeerDisconnected>();
        UpgradedConnection connection = await dialer.ConnectAsync(listener.ListenAddresses[0], cts.Token);
        StreamContext echo = await dialer.NewStreamAsync(connection, [EchoProtocol.Id], cts.Token);
        await EventuallyAsync(() => listener.Resources.FindPeerScope(dialer.PeerId) is { InboundConnections: 1 }, "the listener accounts the connection", cts.Token);

        await dialer.DisconnectAsync(listener.PeerId);
        await gone.WaitAsync(e => e.Peer == dialer.PeerId, Timeout, cts.Token);

        Assert.That(listener.Resources.FindPeerScope(dialer.PeerId), Is.Null);
        Assert.That(listener.Resources.System.IsIdle, Is.True);
        Assert.That(listener.Resources.Transient.IsIdle, Is.True);
        await EventuallyAsync(() => dialer.Resources.System.IsIdle, "the dialer's stream that was never disposed is released with its connection", cts.Token);
        await echo.Stream.DisposeAsync();
    }
}
