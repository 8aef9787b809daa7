using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Protocols.Identify;
using IdentifyMessage = Libp2p.Core.Protos.Identify;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// Protocols a listener serves on streams, driven by a reference node as the dialer: ping (ping/ping.md),
/// identify (identify/README.md) and perf (perf/perf.md).
/// </summary>
public static class ProtocolWireChecks
{
    private const string PingId = "/ipfs/ping/1.0.0";
    private const string PerfId = "/perf/1.0.0";

    /// <summary>Ping checks.</summary>
    public static IReadOnlyList<WireCheck> Ping { get; } =
    [
        new("Ping_echoes_the_32_byte_payload", "ping", ["PING-PROTO-001", "PING-MSG-002"], (c, ct) => PingAsync(c, rounds: 1, ct)),
        new("Ping_loops_on_the_same_stream", "ping", ["PING-LOOP-002"], (c, ct) => PingAsync(c, rounds: 3, ct)),
        new("Ping_stream_is_closed_after_the_dialer_closes", "ping", ["PING-LOOP-004"], PingCloseAsync),
    ];

    /// <summary>Identify checks.</summary>
    public static IReadOnlyList<WireCheck> Identify { get; } =
    [
        new("Identify_message_is_written_and_the_stream_closed", "identify", ["IDENTIFY-PROTO-001", "IDENTIFY-MSG-001", "IDENTIFY-MSG-002"], (c, ct) => IdentifyAsync(c, (_, _) => { }, ct)),
        new("Identify_public_key_is_the_listeners_key", "identify", ["IDENTIFY-FIELD-004"], (c, ct) => IdentifyAsync(c, CheckPublicKey, ct)),
        new("Identify_listen_addrs_are_binary_multiaddrs", "identify", ["IDENTIFY-FIELD-006"], (c, ct) => IdentifyAsync(c, CheckListenAddrs, ct)),
        new("Identify_observed_addr_is_the_testers_address", "identify", ["IDENTIFY-FIELD-007"], (c, ct) => IdentifyAsync(c, CheckObserved, ct)),
        new("Identify_protocols_lists_what_the_listener_serves", "identify", ["IDENTIFY-FIELD-009"], (c, ct) => IdentifyAsync(c, CheckProtocols, ct)),
        new("Identify_protocol_version_is_set", "identify", ["IDENTIFY-FIELD-001"], (c, ct) => IdentifyAsync(c, (m, _) =>
        {
            if (string.IsNullOrEmpty(m.ProtocolVersion))
            {
                throw new WireViolationException("the Identify message has no protocolVersion");
            }
        }, ct)),
    ];

    /// <summary>Perf checks.</summary>
    public static IReadOnlyList<WireCheck> Perf { get; } =
    [
        new("Perf_server_sends_exactly_the_requested_bytes", "perf", ["PERF-PROTO-001", "PERF-SERVER-001", "PERF-SERVER-003"], (c, ct) => PerfAsync(c, 100_000, 50_000, ct)),
        new("Perf_server_answers_a_zero_byte_request_with_an_empty_response", "perf", ["PERF-CLIENT-002"], (c, ct) => PerfAsync(c, 0, 1000, ct)),
        new("Perf_server_waits_for_the_end_of_the_upload", "perf", ["PERF-SERVER-002"], PerfWaitsAsync),
        new("Perf_truncated_size_is_aborted_without_a_response", "perf", ["PERF-SERVER-004"], PerfTruncatedAsync),
    ];

    private static async Task<T> WithClientAsync<T>(WireCheckContext context, Func<WireClient, Task<T>> action, CancellationToken ct)
    {
        await using WireClient client = await WireConnector.ConnectNodeAsync(context.Endpoint(), context, ct).ConfigureAwait(false);
        return await action(client).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader input, int count, string what, CancellationToken ct)
    {
        ReadResult result = await input.ReadAtLeastAsync(count, ct).ConfigureAwait(false);
        if (result.Buffer.Length < count)
        {
            byte[] partial = result.Buffer.ToArray();
            input.AdvanceTo(result.Buffer.End);
            throw new WireViolationException($"the stream ended after {partial.Length} of the {count} bytes of {what}; observed {WireViolationException.Hex(partial)}");
        }
        byte[] bytes = result.Buffer.Slice(0, count).ToArray();
        input.AdvanceTo(result.Buffer.GetPosition(count));
        return bytes;
    }

    private static async Task<long> ReadToEndAsync(PipeReader input, CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            ReadResult result = await input.ReadAsync(ct).ConfigureAwait(false);
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return total;
            }
        }
    }

    private static Task PingAsync(WireCheckContext context, int rounds, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(PingId, ct).ConfigureAwait(false);
        for (int i = 0; i < rounds; i++)
        {
            byte[] payload = RandomNumberGenerator.GetBytes(32);
            await stream.Output.WriteAsync(payload, ct).ConfigureAwait(false);
            byte[] echoed = await ReadExactlyAsync(stream.Input, 32, $"ping echo {i + 1}", ct).ConfigureAwait(false);
            if (!echoed.AsSpan().SequenceEqual(payload))
            {
                throw new WireViolationException($"ping {i + 1}: sent {WireViolationException.Hex(payload)}, the listener echoed {WireViolationException.Hex(echoed)}");
            }
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        return true;
    }, ct);

    private static Task PingCloseAsync(WireCheckContext context, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(PingId, ct).ConfigureAwait(false);
        byte[] payload = RandomNumberGenerator.GetBytes(32);
        await stream.Output.WriteAsync(payload, ct).ConfigureAwait(false);
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        await ReadExactlyAsync(stream.Input, 32, "the ping echo", ct).ConfigureAwait(false);
        await WireReader.ExpectClosedAsync(stream.Input, WireReader.CloseWait, "after the dialer closed its write side the listener must close the ping stream", ct).ConfigureAwait(false);
        return true;
    }, ct);

    private static Task IdentifyAsync(WireCheckContext context, Action<IdentifyMessage, WireClient> check, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(IdentifyProtocol.Id, ct).ConfigureAwait(false);
        IdentifyMessage message;
        try
        {
            // Reads every length-prefixed message until the listener closes the stream, each at most 8 KiB.
            message = await IdentifyProtocol.ReadAsync(stream.Input, ct).ConfigureAwait(false);
        }
        catch (IdentifyException e)
        {
            throw new WireViolationException($"the Identify response is malformed: {e.Message}", e);
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        check(message, client);
        return true;
    }, ct);

    private static void CheckPublicKey(IdentifyMessage message, WireClient client)
    {
        if (!message.HasPublicKey)
        {
            throw new WireViolationException("the Identify message has no publicKey");
        }
        PublicKey key;
        try
        {
            key = PublicKey.FromProtobuf(message.PublicKey.Span);
        }
        catch (KeyFormatException e)
        {
            throw new WireViolationException($"publicKey is not a PublicKey protobuf: {e.Message}; observed {WireViolationException.Hex(message.PublicKey.Span)}", e);
        }
        PeerId derived = PeerId.FromPublicKey(key);
        if (derived != client.Connection.RemotePeer)
        {
            throw new WireViolationException($"publicKey derives {derived}, but the connection authenticated {client.Connection.RemotePeer}; observed {WireViolationException.Hex(message.PublicKey.Span)}");
        }
    }

    private static void CheckListenAddrs(IdentifyMessage message, WireClient client)
    {
        if (message.ListenAddrs.Count == 0)
        {
            throw new WireViolationException("the Identify message lists no listenAddrs although the listener listens");
        }
        foreach (Google.Protobuf.ByteString address in message.ListenAddrs)
        {
            if (!Multiaddr.TryFromBytes(address.Span, out _))
            {
                throw new WireViolationException($"a listenAddrs entry is not a binary multiaddr: {WireViolationException.Hex(address.Span)}");
            }
        }
    }

    private static void CheckObserved(IdentifyMessage message, WireClient client)
    {
        if (!message.HasObservedAddr)
        {
            throw new WireViolationException("the Identify message has no observedAddr");
        }
        if (!Multiaddr.TryFromBytes(message.ObservedAddr.Span, out Multiaddr? observed))
        {
            throw new WireViolationException($"observedAddr is not a binary multiaddr: {WireViolationException.Hex(message.ObservedAddr.Span)}");
        }
        string local = client.Connection.Raw.LocalAddress.ToString();
        if (!observed.ToString().StartsWith(local, StringComparison.Ordinal))
        {
            throw new WireViolationException($"observedAddr is {observed}, the tester's side of the connection is {local}");
        }
    }

    private static void CheckProtocols(IdentifyMessage message, WireClient client)
    {
        foreach (string required in new[] { IdentifyProtocol.Id, PingId })
        {
            if (!message.Protocols.Contains(required))
            {
                throw new WireViolationException($"protocols [{string.Join(", ", message.Protocols)}] lacks {required}, which the listener serves");
            }
        }
    }

    private static byte[] SizeBytes(ulong size)
    {
        byte[] bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, size);
        return bytes;
    }

    private static Task PerfAsync(WireCheckContext context, ulong download, int upload, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(PerfId, ct).ConfigureAwait(false);
        await stream.Output.WriteAsync(SizeBytes(download), ct).ConfigureAwait(false);
        await stream.Output.WriteAsync(new byte[upload], ct).ConfigureAwait(false);
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        long received = await ReadToEndAsync(stream.Input, ct).ConfigureAwait(false);
        if (received != (long)download)
        {
            throw new WireViolationException($"requested {download} bytes, the perf server sent {received} before closing");
        }
        return true;
    }, ct);

    private static Task PerfWaitsAsync(WireCheckContext context, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(PerfId, ct).ConfigureAwait(false);
        await stream.Output.WriteAsync(SizeBytes(4096), ct).ConfigureAwait(false);
        await stream.Output.WriteAsync(new byte[1024], ct).ConfigureAwait(false);
        // The upload is still open: a conforming server sends nothing yet. Look for early bytes for a moment.
        using (var early = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            early.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                ReadResult result = await stream.Input.ReadAsync(early.Token).ConfigureAwait(false);
                long length = result.Buffer.Length;
                stream.Input.AdvanceTo(result.Buffer.Start);
                if (length > 0)
                {
                    throw new WireViolationException($"the perf server sent {length} bytes before the client closed its upload");
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        long received = await ReadToEndAsync(stream.Input, ct).ConfigureAwait(false);
        if (received != 4096)
        {
            throw new WireViolationException($"requested 4096 bytes, the perf server sent {received}");
        }
        return true;
    }, ct);

    private static Task PerfTruncatedAsync(WireCheckContext context, CancellationToken ct) => WithClientAsync(context, async client =>
    {
        IDuplexPipe stream = await client.OpenAsync(PerfId, ct).ConfigureAwait(false);
        await stream.Output.WriteAsync(new byte[] { 0, 0, 0, 1 }, ct).ConfigureAwait(false);
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        long received;
        try
        {
            received = await ReadToEndAsync(stream.Input, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (WireReader.IsConnectionError(e))
        {
            return true;
        }
        if (received != 0)
        {
            throw new WireViolationException($"after a 4-byte size the perf server sent {received} bytes instead of aborting");
        }
        return true;
    }, ct);
}
