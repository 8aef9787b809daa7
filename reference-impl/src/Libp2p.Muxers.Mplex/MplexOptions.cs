namespace Libp2p.Muxers.Mplex;

/// <summary>Limits of an mplex session (libp2p/specs mplex/README.md; limits follow go-mplex and js-mplex practice).</summary>
public sealed record MplexOptions
{
    /// <summary>Largest message accepted; a larger one closes the session (spec: 1 MiB).</summary>
    public int MaxMessageSize { get; init; } = MplexFrameHeader.MaxMessageSize;

    /// <summary>Largest data message we send; bigger writes are split.</summary>
    public int MaxSendMessageSize { get; init; } = 64 * 1024;

    /// <summary>Inbound streams open at once; beyond it a NewStream is answered with a reset.</summary>
    public int MaxInboundStreams { get; init; } = 1024;

    /// <summary>Inbound streams not yet accepted by the application; beyond it a NewStream is reset.</summary>
    public int AcceptBacklog { get; init; } = 256;

    /// <summary>
    /// Unread bytes buffered per stream; mplex has no flow control, so when a reader falls further behind the
    /// session stops reading the connection until it catches up (go-mplex does the same).
    /// </summary>
    public long MaxStreamBuffer { get; init; } = 4 * 1024 * 1024;

    /// <summary>How long a reader beyond <see cref="MaxStreamBuffer"/> may hold the connection before its stream is reset.</summary>
    public TimeSpan SlowReaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Control messages (resets) queued for a remote that does not read; beyond it the session fails.</summary>
    public int MaxControlBacklog { get; init; } = 4096;

    /// <summary>The defaults.</summary>
    public static MplexOptions Default { get; } = new();
}
