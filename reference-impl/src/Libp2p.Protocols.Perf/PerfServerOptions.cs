namespace Libp2p.Protocols.Perf;

/// <summary>Limits of the <c>/perf/1.0.0</c> server side (perf/perf.md "Security Considerations": it is a load generator).</summary>
public sealed class PerfServerOptions
{
    /// <summary>Default cap on response bytes: 64 GiB.</summary>
    public const ulong DefaultMaxResponseBytes = 64UL << 30;

    /// <summary>
    /// Most bytes one stream is sent. A finite request above it is refused (stream aborted, nothing sent); a
    /// max-uint64 request ("until the client stops reading") is closed after this many bytes.
    /// </summary>
    public ulong MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Size of each write of the response (64 KiB, as go-libp2p's perf).</summary>
    public int BlockSize { get; init; } = PerfProtocol.DefaultBlockSize;
}
