namespace Libp2p.Transports.Tcp;

/// <summary>Why a transport operation failed, classified once from the socket error (see <see cref="TransportException"/>).</summary>
public enum TransportErrorKind
{
    /// <summary>Anything not classified below.</summary>
    Other,

    /// <summary>Nothing listens at the address (TCP RST in answer to SYN).</summary>
    ConnectionRefused,

    /// <summary>The remote reset the connection (TCP RST).</summary>
    ConnectionReset,

    /// <summary>This side aborted or disposed the connection while the operation was pending.</summary>
    ConnectionAborted,

    /// <summary>The operation timed out at the socket level.</summary>
    TimedOut,

    /// <summary>No route to the host or network.</summary>
    Unreachable,

    /// <summary>The local address or port is already bound.</summary>
    AddressInUse,

    /// <summary>The address family or protocol is not available on this host (e.g. no IPv6).</summary>
    AddressNotAvailable,

    /// <summary>A host name did not resolve.</summary>
    NameResolution,

    /// <summary>The remote violated the transport's own handshake (e.g. a bad WebSocket upgrade).</summary>
    HandshakeFailed,
}
