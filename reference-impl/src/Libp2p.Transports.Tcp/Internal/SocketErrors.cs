using System.Net.Sockets;

namespace Libp2p.Transports.Tcp.Internal;

/// <summary>The one place socket errors become <see cref="TransportException"/>s (STYLE.md: classify in one place).</summary>
internal static class SocketErrors
{
    public static TransportErrorKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => TransportErrorKind.ConnectionRefused,
        SocketError.ConnectionReset or SocketError.Shutdown or SocketError.NotConnected or SocketError.Disconnecting
            => TransportErrorKind.ConnectionReset,
        SocketError.OperationAborted or SocketError.ConnectionAborted or SocketError.Interrupted
            => TransportErrorKind.ConnectionAborted,
        SocketError.TimedOut => TransportErrorKind.TimedOut,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown
            => TransportErrorKind.Unreachable,
        SocketError.AddressAlreadyInUse => TransportErrorKind.AddressInUse,
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported
            => TransportErrorKind.AddressNotAvailable,
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => TransportErrorKind.NameResolution,
        _ => TransportErrorKind.Other,
    };

    /// <summary>Classifies a failure of <paramref name="operation"/> (e.g. "dial /ip4/…").</summary>
    public static TransportException ToTransportException(Exception error, string operation)
    {
        switch (error)
        {
            case TransportException te:
                return te;
            case SocketException se:
                var kind = Classify(se.SocketErrorCode);
                return new TransportException(kind, $"{operation}: {Describe(kind)} ({se.SocketErrorCode})", se);
            case ObjectDisposedException:
                return new TransportException(TransportErrorKind.ConnectionAborted, $"{operation}: {Describe(TransportErrorKind.ConnectionAborted)}", error);
            case IOException { InnerException: SocketException inner }:
                return ToTransportException(inner, operation);
            default:
                return new TransportException(TransportErrorKind.Other, $"{operation}: {error.Message}", error);
        }
    }

    /// <summary>The exception a pipe reader or writer sees when the connection failed.</summary>
    public static IOException ToPipeException(Exception error, string operation)
    {
        var te = ToTransportException(error, operation);
        return new IOException(te.Message, te);
    }

    public static string Describe(TransportErrorKind kind) => kind switch
    {
        TransportErrorKind.ConnectionRefused => "connection refused",
        TransportErrorKind.ConnectionReset => "connection reset by peer",
        TransportErrorKind.ConnectionAborted => "connection aborted locally",
        TransportErrorKind.TimedOut => "timed out",
        TransportErrorKind.Unreachable => "host or network unreachable",
        TransportErrorKind.AddressInUse => "address already in use",
        TransportErrorKind.AddressNotAvailable => "address not available",
        TransportErrorKind.NameResolution => "name did not resolve",
        TransportErrorKind.HandshakeFailed => "handshake failed",
        _ => "transport error",
    };
}
