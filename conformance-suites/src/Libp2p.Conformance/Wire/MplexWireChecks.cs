using System.Buffers.Binary;
using System.Security.Cryptography;
using Libp2p.Muxers.Mplex;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// mplex as spoken by a listener (libp2p/specs mplex/README.md), judged with hand-written messages on a secured
/// channel: stream flags, half-close, message sizes and hostile headers.
/// </summary>
public static class MplexWireChecks
{
    private const string Module = "mplex";
    private const string Ping = "/ipfs/ping/1.0.0";

    /// <summary>Every mplex check.</summary>
    public static IReadOnlyList<WireCheck> All { get; } =
    [
        new("Mplex_streams_carry_data_with_receiver_flags", Module,
            ["MPLEX-MSG-001", "MPLEX-MSG-002", "MPLEX-MSG-003", "MPLEX-ID-003", "MPLEX-DATA-001", "MPLEX-OPEN-002"], RoundTripAsync),
        new("Mplex_half_close_keeps_the_other_direction_open", Module, ["MPLEX-CLOSE-001", "MPLEX-CLOSE-003", "MPLEX-CLOSE-004"], HalfCloseAsync),
        new("Mplex_large_responses_are_split_into_messages_of_at_most_1_MiB", Module, ["MPLEX-MSG-007"], LargeResponseAsync),
        new("Mplex_messages_for_unknown_streams_are_discarded", Module, ["MPLEX-DATA-002"], UnknownStreamAsync),
        new("Mplex_oversized_message_closes_the_session", Module, ["MPLEX-MSG-005"], (c, ct) => ExpectSessionEndAsync(c, [.. MplexTester.VarintBytes((77UL << 3) | 2), .. MplexTester.VarintBytes(2 * 1024 * 1024), .. new byte[64]], "a message declaring 2 MiB must close the session", ct)),
        new("Mplex_flag_7_closes_the_session", Module, ["MPLEX-MSG-004"], (c, ct) => ExpectSessionEndAsync(c, [.. MplexTester.VarintBytes((77UL << 3) | 7), 0x00], "a message with flag 7 must close the session", ct)),
        new("Mplex_overlong_varint_is_rejected", Module, ["MPLEX-MSG-006"], (c, ct) => ExpectSessionEndAsync(c, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00], "a 11-byte header varint must be rejected", ct)),
    ];

    private static async Task<(WireSecuredChannel Channel, MplexTester Tester)> StartAsync(WireCheckContext context, CancellationToken ct)
    {
        WireSecuredChannel channel = await WireConnector.SecureWithMuxerAsync(context.Endpoint(muxer: "mplex"), context.TesterIdentity, ct).ConfigureAwait(false);
        return (channel, new MplexTester(channel.Pipe));
    }

    private static async Task PingOnAsync(MplexTester mplex, ulong streamId, string name, WireCheckContext context, CancellationToken ct)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(32);
        await mplex.OpenAsync(streamId, name, Ping, context, ct, payload).ConfigureAwait(false);
        byte[] echoed = await mplex.ReadAsync(streamId, 32, ct).ConfigureAwait(false);
        if (!echoed.AsSpan().SequenceEqual(payload))
        {
            throw new WireViolationException($"stream {streamId} carried {WireViolationException.Hex(echoed)}, expected the ping echo {WireViolationException.Hex(payload)}");
        }
    }

    private static async Task RoundTripAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, mplex) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            // Two streams with the same (empty) name: names are not interpreted (MPLEX-OPEN-002).
            await PingOnAsync(mplex, 1001, string.Empty, context, ct).ConfigureAwait(false);
            await PingOnAsync(mplex, 1003, string.Empty, context, ct).ConfigureAwait(false);
        }
    }

    private static async Task HalfCloseAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, mplex) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            byte[] payload = RandomNumberGenerator.GetBytes(1000);
            await mplex.OpenAsync(1005, "echo", "/echo/1.0.0", context, ct, payload).ConfigureAwait(false);
            await mplex.SendAsync(1005, MplexFlag.CloseInitiator, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            byte[] echoed = await mplex.ReadToEndAsync(1005, ct).ConfigureAwait(false);
            if (!echoed.AsSpan().SequenceEqual(payload))
            {
                throw new WireViolationException($"after our CloseInitiator the target echoed {echoed.Length} bytes, expected the 1000 sent");
            }
        }
    }

    private static async Task LargeResponseAsync(WireCheckContext context, CancellationToken ct)
    {
        const int requested = 3 * 1024 * 1024;
        var (channel, mplex) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            byte[] size = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(size, requested);
            await mplex.OpenAsync(1007, "perf", "/perf/1.0.0", context, ct, size).ConfigureAwait(false);
            await mplex.SendAsync(1007, MplexFlag.CloseInitiator, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            byte[] response = await mplex.ReadToEndAsync(1007, ct).ConfigureAwait(false);
            if (response.Length != requested)
            {
                throw new WireViolationException($"the perf response carried {response.Length} bytes, expected {requested}");
            }
        }
    }

    private static async Task UnknownStreamAsync(WireCheckContext context, CancellationToken ct)
    {
        var (channel, mplex) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await mplex.SendAsync(4242, MplexFlag.MessageInitiator, "stray"u8.ToArray(), ct).ConfigureAwait(false);
            await mplex.SendAsync(4242, MplexFlag.CloseInitiator, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
            await PingOnAsync(mplex, 1009, "after-stray", context, ct).ConfigureAwait(false);
        }
    }

    private static async Task ExpectSessionEndAsync(WireCheckContext context, byte[] bytes, string why, CancellationToken ct)
    {
        var (channel, mplex) = await StartAsync(context, ct).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await mplex.SendRawAsync(bytes, ct).ConfigureAwait(false);
            await WireReader.ExpectClosedAsync(channel.Secure.Input, WireReader.CloseWait, why, ct).ConfigureAwait(false);
        }
    }
}
