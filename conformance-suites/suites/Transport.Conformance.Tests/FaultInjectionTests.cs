using System.Buffers;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Memory;

namespace Transport.Conformance.Tests;

/// <summary>
/// Behaviour of the fault-injecting wrapper itself, on in-memory pairs: the faults it promises must happen, and
/// what it must preserve (order, completeness) must hold.
/// </summary>
[TestFixture]
public sealed class FaultInjectionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private CancellationTokenSource _cts = null!;

    private CancellationToken Ct => _cts.Token;

    [SetUp]
    public void CreateTimeout() => _cts = new CancellationTokenSource(TestTimeout);

    [TearDown]
    public void DisposeTimeout() => _cts.Dispose();

    [Test]
    [Requirement("TRANSPORT-DATA-001")]
    public async Task One_byte_delivery_yields_every_byte_in_order_in_single_byte_writes()
    {
        // A 1-byte pause threshold makes every forwarded byte wait until the reader took it: reads cannot coalesce.
        var (a, b) = DuplexPipePair.Create(pauseWriterThreshold: 1, resumeWriterThreshold: 1);
        await using var faulty = new FaultInjectingConnection(a, FaultInjectionOptions.OneByteAtATime());
        await using var plain = b;
        var data = PipeIo.RandomBytes(5000, 11);

        var reads = new List<int>();
        var reader = Task.Run(async () =>
        {
            var received = new List<byte>();
            while (true)
            {
                var result = await plain.Input.ReadAsync(Ct);
                if (result.Buffer.Length > 0)
                {
                    reads.Add((int)result.Buffer.Length);
                }
                received.AddRange(result.Buffer.ToArray());
                plain.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return received.ToArray();
                }
            }
        });
        await faulty.Output.WriteAsync(data, Ct);
        await faulty.Output.CompleteAsync();
        var all = await reader;
        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(data));
            Assert.That(reads, Has.Count.EqualTo(data.Length).And.All.EqualTo(1));
        });
    }

    [Test]
    [Requirement("TRANSPORT-DATA-001")]
    public async Task Random_chunks_inbound_deliver_everything_in_order()
    {
        var (a, b) = DuplexPipePair.Create();
        var options = new FaultInjectionOptions { MinChunkSize = 1, MaxChunkSize = 13, Directions = FaultDirection.Inbound, Seed = 99 };
        await using var faulty = new FaultInjectingConnection(a, options);
        await using var plain = b;
        var data = PipeIo.RandomBytes(40_000, 12);
        var reading = PipeIo.ReadToEndAsync(faulty.Input, Ct);
        await PipeIo.WriteAsync(plain.Output, data, Ct);
        await plain.Output.CompleteAsync();
        Assert.That(await reading, Is.EqualTo(data));
    }

    [Test]
    [Requirement("TRANSPORT-RESET-001")]
    public async Task Reset_after_n_bytes_delivers_at_most_n_bytes_then_fails_the_other_side()
    {
        var (a, b) = DuplexPipePair.Create();
        await using var faulty = new FaultInjectingConnection(a, new FaultInjectionOptions { ResetAfterBytes = 1000, MaxChunkSize = 100 });
        await using var plain = b;
        var received = 0L;
        var reader = Task.Run(async () =>
        {
            while (true)
            {
                var result = await plain.Input.ReadAsync(Ct);
                received += result.Buffer.Length;
                plain.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        });
        var writing = faulty.Output.WriteAsync(PipeIo.RandomBytes(10_000, 13), Ct).AsTask();
        Assert.CatchAsync<IOException>(async () => await reader, "the peer must see a reset, not a clean end of stream");
        Assert.That(received, Is.LessThanOrEqualTo(1000));
        Assert.CatchAsync<IOException>(async () =>
        {
            await writing;
            await faulty.Output.WriteAsync(new byte[1], Ct);
        }, "the faulty side's writes fail after the injected reset");
    }

    [Test]
    [Requirement("TRANSPORT-CANCEL-001")]
    public async Task Stall_after_n_bytes_stops_delivery_and_a_cancelled_read_returns()
    {
        var (a, b) = DuplexPipePair.Create();
        await using var faulty = new FaultInjectingConnection(a, new FaultInjectionOptions { StallAfterBytes = 10, Directions = FaultDirection.Outbound });
        await using var plain = b;
        await faulty.Output.WriteAsync(PipeIo.RandomBytes(100, 14), Ct);
        var first = await PipeIo.ReadExactlyAsync(plain.Input, 10, Ct);
        Assert.That(first, Has.Length.EqualTo(10));

        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromMilliseconds(200));
        Assert.CatchAsync<OperationCanceledException>(async () => await plain.Input.ReadAsync(soon.Token),
            "nothing past the stall point may be delivered");
    }

    [Test]
    [Requirement("TRANSPORT-RESET-001")]
    public async Task Abort_of_the_wrapper_resets_the_wrapped_connection()
    {
        var (a, b) = DuplexPipePair.Create();
        await using var faulty = new FaultInjectingConnection(a, new FaultInjectionOptions { MaxChunkSize = 3 });
        await using var plain = b;
        var pending = plain.Input.ReadAsync(Ct).AsTask();
        faulty.Abort();
        Assert.CatchAsync<IOException>(async () => await pending);
        Assert.CatchAsync<IOException>(async () => await faulty.Input.ReadAsync(Ct));
    }

    [Test]
    [Requirement("TRANSPORT-CLOSE-001")]
    public async Task Latency_and_chunking_preserve_half_close_in_both_directions()
    {
        var hub = new MemoryHub();
        var transport = new FaultInjectingTransport(
            new MemoryTransport(new MemoryTransportOptions { Hub = hub }),
            new FaultInjectionOptions { MinChunkSize = 2, MaxChunkSize = 64, LatencyPerWrite = TimeSpan.FromMilliseconds(1), Seed = 5 });
        await using var listener = await transport.ListenAsync(Libp2p.Core.Multiformats.Multiaddr.Parse("/memory/0"), Ct);
        var accept = listener.AcceptAsync(Ct).AsTask();
        await using var dialed = await transport.DialAsync(listener.LocalAddress, Ct);
        await using var accepted = await accept;
        var request = PipeIo.RandomBytes(2000, 15);
        var serverRead = PipeIo.ReadToEndAsync(accepted.Input, Ct);
        await PipeIo.WriteAsync(dialed.Output, request, Ct);
        await dialed.Output.CompleteAsync();
        Assert.That(await serverRead, Is.EqualTo(request));
        var clientRead = PipeIo.ReadToEndAsync(dialed.Input, Ct);
        await PipeIo.WriteAsync(accepted.Output, request.Reverse().ToArray(), Ct);
        await accepted.Output.CompleteAsync();
        Assert.That(await clientRead, Is.EqualTo(request.Reverse().ToArray()));
    }

    [Test]
    [Requirement("TRANSPORT-DATA-001")]
    public void Invalid_chunk_options_are_rejected()
    {
        var (a, b) = DuplexPipePair.Create();
        Assert.Throws<ArgumentException>(() => _ = new FaultInjectingConnection(a, new FaultInjectionOptions { MinChunkSize = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new FaultInjectingConnection(b, new FaultInjectionOptions { MinChunkSize = 8, MaxChunkSize = 4 }));
    }
}
