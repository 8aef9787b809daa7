namespace Libp2p.Transports.Quic;

/// <summary>Limits and timeouts of the QUIC transport (RFC 9000 §18.2 transport parameters and §10 lifetimes).</summary>
public sealed class QuicTransportOptions
{
    /// <summary>Idle timeout we advertise (max_idle_timeout); the effective one is the smaller of both peers'.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dial may take to complete the handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest UDP payload we send once the handshake is done (1200 before, RFC 9000 §14).</summary>
    public int MaxDatagramSize { get; init; } = 1452;

    /// <summary>Initial per-stream receive window; it grows up to <see cref="MaxStreamReceiveWindow"/> when the reader keeps up.</summary>
    public long StreamReceiveWindow { get; init; } = 1 << 20;

    /// <summary>Largest per-stream receive window.</summary>
    public long MaxStreamReceiveWindow { get; init; } = 16 << 20;

    /// <summary>Initial connection receive window.</summary>
    public long ConnectionReceiveWindow { get; init; } = 8 << 20;

    /// <summary>Largest connection receive window.</summary>
    public long MaxConnectionReceiveWindow { get; init; } = 64 << 20;

    /// <summary>Bidirectional streams the peer may have open at once (initial_max_streams_bidi).</summary>
    public int MaxIncomingStreams { get; init; } = 256;

    /// <summary>
    /// Unidirectional streams the peer may have open at once (initial_max_streams_uni). libp2p does not use them,
    /// but a peer may; they are read through <see cref="QuicConnection.AcceptUnidirectionalStreamAsync"/>.
    /// </summary>
    public int MaxIncomingUnidirectionalStreams { get; init; } = 16;

    /// <summary>
    /// Unacknowledged bytes one stream may buffer before its writer waits. It caps a single stream's bytes in flight,
    /// so it must cover the bandwidth-delay product (4 MiB: 2.5 Gbit/s at a 13 ms RTT).
    /// </summary>
    public int StreamSendBuffer { get; init; } = 4 << 20;

    /// <summary>Handshakes in progress on a listener before new Initial packets are dropped.</summary>
    public int MaxPendingHandshakes { get; init; } = 256;

    /// <summary>Handshakes in progress from one remote IP address before its new Initial packets are dropped.</summary>
    public int MaxPendingHandshakesPerAddress { get; init; } = 16;

    /// <summary>
    /// Run one in-memory TLS handshake with our own certificate when the transport is created, so the first real
    /// connection does not pay for compiling the handshake code (about 150 ms per side for the certificate check
    /// alone in a fresh process). On by default.
    /// </summary>
    public bool WarmUpHandshake { get; init; } = true;

    /// <summary>Wraps every UDP socket the transport opens (fault injection in tests).</summary>
    public Func<IDatagramSocket, IDatagramSocket>? SocketWrapper { get; init; }
}
