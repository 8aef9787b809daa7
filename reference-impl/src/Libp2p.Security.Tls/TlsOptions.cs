namespace Libp2p.Security.Tls;

/// <summary>Options of the libp2p TLS 1.3 handshake (libp2p/specs tls/tls.md).</summary>
public sealed class TlsOptions
{
    /// <summary>
    /// Stream muxer protocol IDs in preference order, offered as ALPN values before <c>libp2p</c>
    /// (connections/inlined-muxer-negotiation.md "Multiplexer Negotiation over TLS"). Empty offers only <c>libp2p</c>.
    /// </summary>
    public IReadOnlyList<string> StreamMuxers { get; init; } = [];

    /// <summary>Upper bound on the whole handshake; on expiry it fails with <see cref="TlsException"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pipe buffering per direction before backpressure applies.</summary>
    public int MaxBufferedBytes { get; init; } = 1 << 20;
}
