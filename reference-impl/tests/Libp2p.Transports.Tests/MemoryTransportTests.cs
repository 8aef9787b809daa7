using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory;

namespace Libp2p.Transports.Tests;

/// <summary>In-memory transport specifics: hub isolation, bounded backlog, explicit ids, pipe backpressure.</summary>
public sealed class MemoryTransportTests
{
    [Test]
    public async Task Hubs_are_isolated_from_each_other()
    {
        var a = new MemoryTransport(new MemoryTransportOptions { Hub = new MemoryHub() });
        var b = new MemoryTransport(new MemoryTransportOptions { Hub = new MemoryHub() });
        await using var listener = await a.ListenAsync(Multiaddr.Parse("/memory/0"));
        Assert.CatchAsync<Libp2pException>(async () => await b.DialAsync(listener.LocalAddress));
    }

    [Test]
    public async Task An_explicit_id_is_bound_once()
    {
        var transport = new MemoryTransport(new MemoryTransportOptions { Hub = new MemoryHub() });
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/memory/4242"));
        Assert.That(listener.LocalAddress.ToString(), Is.EqualTo("/memory/4242"));
        Assert.CatchAsync<Libp2pException>(async () => await transport.ListenAsync(Multiaddr.Parse("/memory/4242")));
    }

    [Test]
    public async Task A_full_backlog_refuses_dials_and_disposing_the_listener_resets_queued_ones()
    {
        var transport = new MemoryTransport(new MemoryTransportOptions { Hub = new MemoryHub(), Backlog = 2 });
        var listener = await transport.ListenAsync(Multiaddr.Parse("/memory/0"));
        var queued = await transport.DialAsync(listener.LocalAddress);
        await transport.DialAsync(listener.LocalAddress);
        Assert.CatchAsync<Libp2pException>(async () => await transport.DialAsync(listener.LocalAddress));
        await listener.DisposeAsync();
        Assert.CatchAsync<IOException>(async () => await queued.Input.ReadAsync());
    }

    [Test]
    public async Task A_writer_pauses_at_the_threshold_until_the_reader_consumes()
    {
        var (local, remote) = DuplexPipePair.Create(pauseWriterThreshold: 10, resumeWriterThreshold: 5);
        await using var _ = local;
        await using var __ = remote;
        var flush = local.Output.WriteAsync(new byte[10]);
        Assert.That(flush.IsCompleted, Is.False, "10 unread bytes reach the pause threshold");
        var read = await remote.Input.ReadAsync();
        remote.Input.AdvanceTo(read.Buffer.End);
        var result = await flush.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(result.IsCompleted, Is.False);
    }
}
