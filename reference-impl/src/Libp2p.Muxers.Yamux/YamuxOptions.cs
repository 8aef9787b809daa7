namespace Libp2p.Muxers.Yamux;

/// <summary>Limits and tuning of a yamux session (libp2p/specs yamux/README.md, "Flow Control", "Implementation considerations").</summary>
public sealed record YamuxOptions
{
    /// <summary>The initial stream window every peer assumes: 256 KiB (spec, "Flow Control").</summary>
    public const uint InitialWindowSize = 256 * 1024;

    /// <summary>Upper bound of the auto-tuned receive window per stream (rust-yamux and go-yamux use 16 MiB).</summary>
    public uint MaxWindowSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest data frame payload we send.</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024;

    /// <summary>Outbound streams the remote has not yet acknowledged; opening more waits (spec, "ACK backlog": 256).</summary>
    public int AckBacklog { get; init; } = 256;

    /// <summary>Inbound streams open at once; a SYN beyond it is answered with RST.</summary>
    public int MaxInboundStreams { get; init; } = 1024;

    /// <summary>Control frames (RST, ping answers) queued for a remote that does not read; beyond it the session fails.</summary>
    public int MaxControlBacklog { get; init; } = 4096;

    /// <summary>Whether to measure the RTT with a ping at start (drives window auto-tuning).</summary>
    public bool MeasureRtt { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static YamuxOptions Default { get; } = new();
}
