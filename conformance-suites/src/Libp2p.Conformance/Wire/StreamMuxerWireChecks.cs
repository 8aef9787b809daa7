using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Host;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// Muxer behaviour common to every stream muxer (libp2p/specs connections/README.md "Stream Multiplexing"), seen
/// through echo streams a reference node opens to the listener.
/// </summary>
public static class StreamMuxerWireChecks
{
    private const string Module = "stream-muxer";
    private const string EchoId = "/echo/1.0.0";

    /// <summary>Every stream-muxer check.</summary>
    public static IReadOnlyList<WireCheck> All { get; } =
    [
        new("Many_concurrent_streams_each_deliver_their_own_data", Module, ["MUXER-STREAM-001", "MUXER-STREAM-002", "MUXER-STREAM-003", "MUXER-NEG-001"], ManyStreamsAsync),
        new("Half_closed_stream_still_delivers_the_other_direction", Module, ["MUXER-CLOSE-001", "MUXER-CLOSE-002"], HalfCloseAsync),
        new("Resetting_one_stream_leaves_the_others_working", Module, ["MUXER-RESET-002"], ResetAsync),
    ];

    private static async Task<byte[]> EchoAsync(WireClient client, byte[] payload, CancellationToken ct)
    {
        IDuplexPipe stream = await client.OpenAsync(EchoId, ct).ConfigureAwait(false);
        Task<byte[]> reading = ReadAllAsync(stream.Input, payload.Length, ct);
        await stream.Output.WriteAsync(payload, ct).ConfigureAwait(false);
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        return await reading.ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader input, int limit, CancellationToken ct)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult result = await input.ReadAsync(ct).ConfigureAwait(false);
            if (received.WrittenCount + result.Buffer.Length > limit)
            {
                throw new WireViolationException($"the stream delivered more than the {limit} bytes written on it");
            }
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.WrittenSpan.ToArray();
            }
        }
    }

    private static async Task ManyStreamsAsync(WireCheckContext context, CancellationToken ct)
    {
        await using WireClient client = await WireConnector.ConnectNodeAsync(context.Endpoint(), context, ct).ConfigureAwait(false);
        byte[][] payloads = [.. Enumerable.Range(0, 100).Select(_ => RandomNumberGenerator.GetBytes(8 * 1024))];
        byte[][] echoed = await Task.WhenAll(payloads.Select(p => EchoAsync(client, p, ct))).ConfigureAwait(false);
        for (int i = 0; i < payloads.Length; i++)
        {
            if (!echoed[i].AsSpan().SequenceEqual(payloads[i]))
            {
                throw new WireViolationException($"stream {i} of 100 delivered {echoed[i].Length} bytes that differ from the {payloads[i].Length} written on it");
            }
        }
    }

    private static async Task HalfCloseAsync(WireCheckContext context, CancellationToken ct)
    {
        await using WireClient client = await WireConnector.ConnectNodeAsync(context.Endpoint(), context, ct).ConfigureAwait(false);
        byte[] payload = RandomNumberGenerator.GetBytes(300 * 1024);
        byte[] echoed = await EchoAsync(client, payload, ct).ConfigureAwait(false);
        if (!echoed.AsSpan().SequenceEqual(payload))
        {
            throw new WireViolationException($"after our half-close the stream delivered {echoed.Length} bytes, not the {payload.Length} written");
        }
    }

    private static async Task ResetAsync(WireCheckContext context, CancellationToken ct)
    {
        await using WireClient client = await WireConnector.ConnectNodeAsync(context.Endpoint(), context, ct).ConfigureAwait(false);
        StreamContext victim = await client.Node.NewStreamAsync(client.Connection, [EchoId], ct).ConfigureAwait(false);
        await victim.Pipe.Output.WriteAsync(new byte[100], ct).ConfigureAwait(false);
        victim.Stream.Reset();
        byte[] payload = RandomNumberGenerator.GetBytes(4096);
        byte[] echoed = await EchoAsync(client, payload, ct).ConfigureAwait(false);
        if (!echoed.AsSpan().SequenceEqual(payload))
        {
            throw new WireViolationException("a stream opened after another was reset did not echo its data intact");
        }
    }
}
