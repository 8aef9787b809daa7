using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>Opening streams and moving data.</summary>
public abstract partial class MuxerConformanceSuite
{
    /// <summary>A stream opened by the dialer is accepted by the listener and carries data both ways.</summary>
    [Test]
    [Requirement("MUXER-STREAM-001")]
    [Requirement("MUXER-CLOSE-002")]
    public async Task Opened_stream_is_accepted_and_echoes()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        Task server = EchoServerAsync(pair.Listener, 1);
        byte[] data = StreamIO.Payload(Size(10_000), 1);
        byte[] echoed = await RoundTripAsync(pair.Dialer, data);
        await server.WaitAsync(Ct);
        Assert.That(echoed, Is.EqualTo(data));
    }

    /// <summary>The listener opens streams as well; initiator flags and IDs tell the two ends apart.</summary>
    [Test]
    [Requirement("MUXER-STREAM-001")]
    public async Task Listener_opens_streams_too()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        Task server = EchoServerAsync(pair.Dialer, 1);
        IMuxedStream stream = await pair.Listener.OpenStreamAsync(Ct);
        Assert.That(stream.IsInitiator, Is.True);
        byte[] data = StreamIO.Payload(Size(4096), 2);
        await StreamIO.WriteAsync(stream.Output, data, Ct, complete: true);
        byte[] echoed = await StreamIO.ReadToEndAsync(stream.Input, Ct);
        await server.WaitAsync(Ct);
        await stream.DisposeAsync();
        Assert.That(echoed, Is.EqualTo(data));
    }

    /// <summary>Accepted streams are not initiators, and concurrently opened streams have distinct IDs.</summary>
    [Test]
    [Requirement("MUXER-STREAM-001")]
    public async Task Accepted_streams_are_not_initiators_and_ids_are_distinct()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream a = await pair.Dialer.OpenStreamAsync(Ct);
        IMuxedStream b = await pair.Dialer.OpenStreamAsync(Ct);
        await a.Output.WriteAsync(new byte[] { 1 }, Ct);
        await b.Output.WriteAsync(new byte[] { 2 }, Ct);
        IMuxedStream ra = await pair.Listener.AcceptStreamAsync(Ct);
        IMuxedStream rb = await pair.Listener.AcceptStreamAsync(Ct);
        Assert.Multiple(() =>
        {
            Assert.That(a.Id, Is.Not.EqualTo(b.Id));
            Assert.That(ra.IsInitiator || rb.IsInitiator, Is.False);
            Assert.That(new[] { ra.Id, rb.Id }, Is.EquivalentTo(new[] { a.Id, b.Id }));
        });
        foreach (IMuxedStream s in new[] { a, b, ra, rb })
        {
            s.Reset();
            await s.DisposeAsync();
        }
    }

    /// <summary>100 concurrent streams, each echoing its own random payload intact.</summary>
    [Test]
    [Requirement("MUXER-STREAM-002")]
    [Requirement("MUXER-STREAM-003")]
    public async Task Many_concurrent_streams_deliver_their_own_data()
    {
        int streams = Kind == TransportKind.OneByteAtATime ? 20 : 100;
        MuxerPair pair = await CreateConnectedPairAsync();
        Task server = EchoServerAsync(pair.Listener, streams);
        byte[][] payloads = [.. Enumerable.Range(0, streams).Select(i => StreamIO.Payload(Size(32 * 1024) + i, 100 + i))];
        byte[][] echoed = await Task.WhenAll(payloads.Select(p => RoundTripAsync(pair.Dialer, p)));
        await server.WaitAsync(Ct);
        for (int i = 0; i < streams; i++)
        {
            Assert.That(echoed[i], Is.EqualTo(payloads[i]), $"stream {i}");
        }
    }

    /// <summary>Writes alternating between two streams arrive in order on the right stream.</summary>
    [Test]
    [Requirement("MUXER-STREAM-002")]
    public async Task Interleaved_writes_stay_on_their_stream()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream a = await pair.Dialer.OpenStreamAsync(Ct);
        IMuxedStream b = await pair.Dialer.OpenStreamAsync(Ct);
        byte[] da = StreamIO.Payload(Size(256 * 1024), 3);
        byte[] db = StreamIO.Payload(Size(256 * 1024), 4);
        Task<Dictionary<long, byte[]>> readers = Task.Run(async () =>
        {
            IMuxedStream first = await pair.Listener.AcceptStreamAsync(Ct);
            IMuxedStream second = await pair.Listener.AcceptStreamAsync(Ct);
            byte[][] both = await Task.WhenAll(StreamIO.ReadToEndAsync(first.Input, Ct), StreamIO.ReadToEndAsync(second.Input, Ct));
            return new Dictionary<long, byte[]> { [first.Id] = both[0], [second.Id] = both[1] };
        });
        int chunk = Math.Max(1, da.Length / 32);
        for (int offset = 0; offset < da.Length; offset += chunk)
        {
            int n = Math.Min(chunk, da.Length - offset);
            await a.Output.WriteAsync(da.AsMemory(offset, n), Ct);
            await b.Output.WriteAsync(db.AsMemory(offset, n), Ct);
        }
        await a.Output.CompleteAsync();
        await b.Output.CompleteAsync();
        Dictionary<long, byte[]> received = await readers.WaitAsync(Ct);
        Assert.Multiple(() =>
        {
            Assert.That(received[a.Id], Is.EqualTo(da));
            Assert.That(received[b.Id], Is.EqualTo(db));
        });
        a.Reset();
        b.Reset();
    }

    /// <summary>A large transfer on one stream arrives byte for byte.</summary>
    [Test]
    [Requirement("MUXER-STREAM-002")]
    public async Task Large_transfer_is_byte_exact()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        byte[] data = StreamIO.Payload(Size(8 * 1024 * 1024), 5);
        Task<byte[]> receiving = Task.Run(async () =>
        {
            IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
            await using (inbound)
            {
                byte[] received = await StreamIO.ReadToEndAsync(inbound.Input, Ct);
                await inbound.Output.CompleteAsync();
                return received;
            }
        });
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await StreamIO.WriteAsync(stream.Output, data, Ct, chunk: 100_003, complete: true);
        byte[] got = await receiving.WaitAsync(Ct);
        Assert.That(got, Is.EqualTo(data));
        Assert.That(await StreamIO.ReadToEndAsync(stream.Input, Ct), Is.Empty);
        await stream.DisposeAsync();
    }

    /// <summary>A reader that drains slowly still gets every byte: the sender is held back instead of data being lost.</summary>
    [Test]
    [Requirement("MUXER-STREAM-004")]
    public async Task Slow_reader_gets_every_byte()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        byte[] data = StreamIO.Payload(Size(2 * 1024 * 1024), 6);
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        Task writing = StreamIO.WriteAsync(stream.Output, data, Ct, chunk: 256 * 1024, complete: true);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        byte[] got = await StreamIO.ReadExactlyAsync(inbound.Input, data.Length, Ct, slow: true);
        await writing.WaitAsync(Ct);
        Assert.That(got, Is.EqualTo(data));
        stream.Reset();
        inbound.Reset();
    }

    /// <summary>A stream whose reader never reads does not stop another stream of the same connection.</summary>
    [Test]
    [Requirement("MUXER-STREAM-005")]
    public async Task Stalled_stream_does_not_block_others()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stalled = await pair.Dialer.OpenStreamAsync(Ct);
        Task<Exception?> flooding = WriteUntilFailureOrLimitAsync(stalled, Size(1024 * 1024));
        IMuxedStream stalledInbound = await pair.Listener.AcceptStreamAsync(Ct);
        Task server = EchoServerAsync(pair.Listener, 1);
        byte[] data = StreamIO.Payload(Size(64 * 1024), 7);
        byte[] echoed = await RoundTripAsync(pair.Dialer, data);
        await server.WaitAsync(Ct);
        Assert.That(echoed, Is.EqualTo(data));
        stalled.Reset();
        await flooding.WaitAsync(Ct);
        await stalledInbound.DisposeAsync();
    }

    private async Task<Exception?> WriteUntilFailureOrLimitAsync(IMuxedStream stream, int limit)
    {
        byte[] chunk = new byte[Math.Min(16 * 1024, limit)];
        try
        {
            for (int written = 0; written < limit; written += chunk.Length)
            {
                await stream.Output.WriteAsync(chunk, Ct);
            }
        }
        catch (Libp2pException e)
        {
            return e;
        }
        return null;
    }
}
