namespace Libp2p.Daemon;

/// <summary>Limits of a <see cref="DaemonServer"/>.</summary>
public sealed class DaemonServerOptions
{
    /// <summary>Largest control message accepted.</summary>
    public int MaxRequestLength { get; init; } = ControlFrame.DefaultMaxLength;

    /// <summary>How long a client may take to send its request after connecting.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for CONNECT and the implicit dial of STREAM_OPEN when the request carries no timeout.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long STREAM_OPEN waits for an inbound connection from a peer it is not connected to and has no address
    /// for (the peer may have finished its side of a handshake we are still completing).
    /// </summary>
    public TimeSpan InboundGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for the daemon's dial back to a stream-handler address.</summary>
    public TimeSpan HandlerDialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most control connections served at once; further ones wait in the accept backlog.</summary>
    public int MaxConcurrentRequests { get; init; } = 256;
}
