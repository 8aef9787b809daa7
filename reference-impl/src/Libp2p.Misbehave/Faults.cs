namespace Libp2p.Misbehave;

/// <summary>The faults a misbehaving listener can inject, one rule at a time.</summary>
public static class Faults
{
    /// <summary>multistream header sent with a space instead of its trailing newline.</summary>
    public static MisbehaviourFault MultistreamMissingNewline { get; } = new("mss-missing-newline", "multistream", ["MSS-MSG-001"],
        "the multistream header on the raw connection ends with 0x20 instead of the newline 0x0a");

    /// <summary>"na" misspelt as "no".</summary>
    public static MisbehaviourFault MultistreamWrongNa { get; } = new("mss-wrong-na", "multistream", ["MSS-MSG-004"],
        "an unsupported proposal on the raw connection is refused with 03 6e 6f 0a (\"no\") instead of 03 6e 61 0a (\"na\")");

    /// <summary>Every yamux Data frame sent twice, so a stream's data exceeds the window the peer granted.</summary>
    public static MisbehaviourFault YamuxWindowOverrun { get; } = new("yamux-window-overrun", "yamux", ["YAMUX-FLOW-003"],
        "every yamux Data frame is sent twice, ignoring the receive window the peer granted");

    /// <summary>yamux frames sent with version 1.</summary>
    public static MisbehaviourFault YamuxBadVersion { get; } = new("yamux-bad-version", "yamux", ["YAMUX-HDR-003"],
        "every yamux frame header carries version 1 instead of 0");

    /// <summary>Ping ACKs echo a different opaque value.</summary>
    public static MisbehaviourFault YamuxPingWrongOpaque { get; } = new("yamux-ping-wrong-opaque", "yamux", ["YAMUX-PING-001"],
        "yamux Ping ACK frames carry the opaque value plus one");

    /// <summary>mplex data messages padded beyond 1 MiB.</summary>
    public static MisbehaviourFault MplexOversizedMessage { get; } = new("mplex-oversized-message", "mplex", ["MPLEX-MSG-007"],
        "every mplex data message is padded to 1 MiB + 1 bytes, above the limit peers enforce");

    /// <summary>mplex Receiver flags swapped for Initiator flags.</summary>
    public static MisbehaviourFault MplexWrongFlag { get; } = new("mplex-wrong-flag", "mplex", ["MPLEX-ID-003"],
        "on streams the peer opened, mplex messages use the Initiator flag variants instead of the Receiver ones");

    /// <summary>Ping echoes with one bit flipped.</summary>
    public static MisbehaviourFault PingWrongPayload { get; } = new("ping-wrong-payload", "ping", ["PING-MSG-002"],
        "/ipfs/ping/1.0.0 echoes each payload with its first bit flipped");

    /// <summary>Ping answers one payload, then closes.</summary>
    public static MisbehaviourFault PingSingleShot { get; } = new("ping-single-shot", "ping", ["PING-LOOP-002"],
        "/ipfs/ping/1.0.0 echoes the first payload only and then closes the stream");

    /// <summary>Identify sends another key.</summary>
    public static MisbehaviourFault IdentifyKeyMismatch { get; } = new("identify-key-mismatch", "identify", ["IDENTIFY-FIELD-004"],
        "/ipfs/id/1.0.0 sends a publicKey that does not derive the listener's peer ID");

    /// <summary>Identify lists an unparseable address.</summary>
    public static MisbehaviourFault IdentifyBadListenAddr { get; } = new("identify-bad-listen-addr", "identify", ["IDENTIFY-FIELD-006"],
        "/ipfs/id/1.0.0 lists ff ff, which is not a binary multiaddr, among its listenAddrs");

    /// <summary>Perf sends one byte too many.</summary>
    public static MisbehaviourFault PerfWrongSize { get; } = new("perf-wrong-size", "perf", ["PERF-SERVER-003"],
        "/perf/1.0.0 sends one byte more than the client requested");

    /// <summary>Every fault.</summary>
    public static IReadOnlyList<MisbehaviourFault> All { get; } =
    [
        MultistreamMissingNewline, MultistreamWrongNa, YamuxWindowOverrun, YamuxBadVersion, YamuxPingWrongOpaque,
        MplexOversizedMessage, MplexWrongFlag, PingWrongPayload, PingSingleShot, IdentifyKeyMismatch,
        IdentifyBadListenAddr, PerfWrongSize,
    ];

    /// <summary>The fault called <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the known names otherwise.</summary>
    public static MisbehaviourFault Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown fault '{name}' (known: {string.Join(", ", All.Select(f => f.Name))})", nameof(name));
}
