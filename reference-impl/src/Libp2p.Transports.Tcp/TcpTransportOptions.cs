namespace Libp2p.Transports.Tcp;

/// <summary>Options of <see cref="TcpTransport"/>.</summary>
public sealed class TcpTransportOptions
{
    /// <summary>
    /// Port reuse (SO_REUSEADDR and SO_REUSEPORT): listeners may share their port, and dials leave from the port of
    /// a listener of the same address family, so the remote observes the listen port (needed for TCP hole punching,
    /// as go-libp2p's reuseport transport does). Off by default.
    /// </summary>
    public bool PortReuse { get; init; }

    /// <summary>Bytes buffered from the socket before the receive loop stops reading (backpressure).</summary>
    public int MaxReceiveBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Bytes the application may buffer for sending before its flush waits (backpressure).</summary>
    public int MaxSendBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Listen backlog (pending, not yet accepted connections).</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>Upper bound of a dial when the caller's token has none.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
