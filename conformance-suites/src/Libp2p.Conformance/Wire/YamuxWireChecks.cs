using System.Buffers.Binary;
using System.Security.Cryptography;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// yamux as spoken by a listener (libp2p/specs yamux/README.md), judged with the tester's hand-written frames on a
/// secured channel: stream opening, ping, flow control, half-close and hostile frames.
/// </summary>
public static class YamuxWireChecks
{
    private const string Module = "yamux";
    private const string Ping = "/ipfs/ping/1.0.0";
    private const string Echo = "/echo/1.0.0";
    private const string Perf = "/perf/1.0.0";
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Every yamux check.</summary>
    public static IReadOnlyList<WireCheck> All { get; } =
    [
        new("Yamux_stream_open_is_acknowledged_and_carries_data", Module,
            ["YAMUX-HDR-001", "YAMUX-HDR-002", "YAMUX-HDR-003", "YAMUX-HDR-005", "YAMUX-HDR-007", "YAMUX-HDR-008", "YAMUX-OPEN-002", "YAMUX-ID-002"], OpenAsync),
        new("Yamux_ping_is_answered_with_the_same_opaque_value", Module, ["YAMUX-PING-001", "YAMUX-HDR-010", "YAMUX-ID-003"], PingAsync),
        new("Yamux_ping_ack_is_not_answered", Module, ["YAMUX-PING-002"], PingAckAsync),
        new("Yamux_sender_respects_the_receive_window", Module, ["YAMUX-FLOW-001", "YAMUX-FLOW-003", "YAMUX-HDR-009"], WindowAsync),
        new("Yamux_half_close_keeps_the_other_direction_open", Module, ["YAMUX-CLOSE-001", "YAMUX-CLOSE-002"], HalfCloseAsync),
        new("Yamux_bad_version_ends_the_session", Module, ["YAMUX-HDR-004"], BadVersionAsync),
        new("Yamux_unknown_type_gets_go_away_protocol_error", Module, ["YAMUX-HDR-006", "YAMUX-GOAWAY-004"], UnknownTypeAsync),
        new("Yamux_data_beyond_the_window_ends_the_session", Module, ["YAMUX-HDR-012"], OverrunAsync),
    ];

    private static async Task<(WireSecuredChannel Channel, YamuxTester Tester)> StartAsync(WireCheckContext context, CancellationToken ct)
    {
        WireSecuredChannel channel = await WireConnector.SecureWithMuxerAsync(context.Endpoint(muxer: "yamux"), context.TesterIdentity, ct).ConfigureAwait(false);
        return (channel, new YamuxTester(channel.Pipe));
    }

    private static async Task OpenAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            byte[] payload = RandomNumberGenerator.GetBytes(32);
            await yamux.OpenAsync(1, Ping, context, ct, payload).ConfigureAwait(false);
            byte[] echoed = await yamux.ReadAsync(1, 32, ct).ConfigureAwait(false);
            if (!echoed.AsSpan().SequenceEqual(payload))
            {
                throw new WireViolationException($"stream 1 carried {WireViolationException.Hex(echoed)}, expected the ping echo {WireViolationException.Hex(payload)}");
            }
            YamuxFlags first = yamux.Stream(1).FirstFlags ?? YamuxFlags.None;
            if ((first & YamuxFlags.Ack) == 0)
            {
                throw new WireViolationException($"the first frame of the target on stream 1 carried flags {first}, without ACK");
            }
        }
    }

    private static async Task PingAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await yamux.PingAsync(0xC0FFEE01, ct).ConfigureAwait(false);
        }
    }

    private static async Task PingAckAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await yamux.SendAsync(YamuxFrameType.Ping, YamuxFlags.Ack, 0, 0xA11CE, ct).ConfigureAwait(false);
            try
            {
                await yamux.PingAsync(0xB0B, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsSessionEnd(e))
            {
                // Ending the session over an unrequested ACK (js-libp2p's yamux does) is harsh but is not answering it.
            }
            if (yamux.Pings.Any(p => p.Length == 0xA11CE))
            {
                throw new WireViolationException("the target answered a Ping frame that carried ACK (opaque 0xa11ce)");
            }
        }
    }

    private static async Task WindowAsync(WireCheckContext context, CancellationToken ct)
    {
        const int requested = 1024 * 1024;
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            byte[] size = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(size, requested);
            // The perf request and our FIN: the target now wants to send 1 MiB, four times our window.
            await yamux.OpenAsync(1, Perf, context, ct, size).ConfigureAwait(false);
            // FIN only after the agreement: js-libp2p v3 resets a stream half-closed before its protocol is negotiated.
            await yamux.SendDataAsync(1, ReadOnlyMemory<byte>.Empty, YamuxFlags.Fin, ct).ConfigureAwait(false);
            YamuxTester.StreamState stream = yamux.Stream(1);
            uint opaque = 1;
            long before = -1;
            var stalled = System.Diagnostics.Stopwatch.StartNew();
            // Ping round trips bound each wait: stop once the window is full, or once the target sent nothing new
            // for a while (a sender may keep part of the window in reserve); a sender that overruns the window is
            // caught by the tester on the frame that does it.
            while (stream.Received < YamuxTester.InitialWindow && !stream.Fin && stalled.Elapsed < StallLimit)
            {
                if (stream.Received != before)
                {
                    before = stream.Received;
                    stalled.Restart();
                }
                await yamux.PingAsync(opaque++, ct).ConfigureAwait(false);
                await Task.Delay(PingInterval, ct).ConfigureAwait(false);
            }
            if (stream.Fin)
            {
                throw new WireViolationException($"the target ended the perf response after {stream.Received} bytes, below the {requested} requested");
            }
            await yamux.GrantAsync(1, 4 * requested, ct).ConfigureAwait(false);
            byte[] rest = await yamux.ReadToEndAsync(1, ct).ConfigureAwait(false);
            long payload = stream.Received - WireReader.Multistream("/multistream/1.0.0").Length - WireReader.Multistream(Perf).Length;
            if (payload != requested)
            {
                throw new WireViolationException($"after the window update the target sent {payload} perf bytes in all, expected {requested} ({rest.Length} after the update)");
            }
        }
    }

    private static async Task HalfCloseAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            byte[] payload = RandomNumberGenerator.GetBytes(1000);
            await yamux.OpenAsync(1, Echo, context, ct, payload).ConfigureAwait(false);
            await yamux.SendDataAsync(1, ReadOnlyMemory<byte>.Empty, YamuxFlags.Fin, ct).ConfigureAwait(false);
            byte[] echoed = await yamux.ReadToEndAsync(1, ct).ConfigureAwait(false);
            if (!echoed.AsSpan().SequenceEqual(payload))
            {
                throw new WireViolationException($"after our FIN the target echoed {echoed.Length} bytes ({WireViolationException.Hex(echoed, 16)}), expected the 1000 sent");
            }
        }
    }

    private static async Task ExpectSessionEndAsync(WireCheckContext context, byte[] frame, string why, bool requireGoAway, CancellationToken ct)
    {
        var (channel, yamux) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await channel.Pipe.Output.WriteAsync(frame, ct).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(WireReader.CloseWait);
            try
            {
                while (true)
                {
                    await yamux.PumpAsync(deadline.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new WireViolationException($"{why}: the session was still open {WireReader.CloseWait.TotalSeconds:0} s after the frame {WireViolationException.Hex(frame, 16)}");
            }
            catch (Exception e) when (IsSessionEnd(e))
            {
            }
            if (requireGoAway && !yamux.GoAways.Contains((uint)YamuxGoAwayCode.ProtocolError))
            {
                throw new WireViolationException($"{why}: the session ended without a Go Away carrying 0x1 (protocol error); Go Away codes seen: [{string.Join(", ", yamux.GoAways)}]");
            }
        }
    }

    private static bool IsSessionEnd(Exception e) =>
        (e is WireViolationException && e.Message.StartsWith("the target closed", StringComparison.Ordinal)) || WireReader.IsConnectionError(e);

    private static Task BadVersionAsync(WireCheckContext context, CancellationToken ct)
    {
        byte[] frame = new byte[YamuxHeader.Size];
        new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 7).Write(frame);
        frame[0] = 1;
        return ExpectSessionEndAsync(context, frame, "a frame with version 1 must end the session", requireGoAway: false, ct);
    }

    private static Task UnknownTypeAsync(WireCheckContext context, CancellationToken ct)
    {
        byte[] frame = new byte[YamuxHeader.Size];
        new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 7).Write(frame);
        frame[1] = 0x7;
        return ExpectSessionEndAsync(context, frame, "a frame of unknown type 0x7 must end the session with Go Away", requireGoAway: true, ct);
    }

    private static Task OverrunAsync(WireCheckContext context, CancellationToken ct)
    {
        const int length = YamuxTester.InitialWindow + 64 * 1024;
        byte[] frame = new byte[YamuxHeader.Size + length];
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.Syn, 1, length).Write(frame);
        return ExpectSessionEndAsync(context, frame, $"a {length}-byte Data frame on a new stream exceeds the 256 KiB window and must end the session", requireGoAway: false, ct);
    }
}
