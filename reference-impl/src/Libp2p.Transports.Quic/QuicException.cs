using Libp2p.Core.Abstractions;

namespace Libp2p.Transports.Quic;

/// <summary>
/// A QUIC connection error (RFC 9000 §11): a decoding failure, a protocol violation or a close received from the
/// peer. <see cref="Code"/> is the transport error code sent (or received) in CONNECTION_CLOSE.
/// </summary>
public sealed class QuicException : Libp2pException
{
    /// <summary>Creates an error with the transport error code that closes the connection.</summary>
    public QuicException(QuicTransportError code, string message, Exception? inner = null)
        : base($"QUIC {code} (0x{(long)code:x}): {message}", inner)
    {
        Code = code;
    }

    /// <summary>The transport error code (RFC 9000 §20.1).</summary>
    public QuicTransportError Code { get; }

    /// <summary>True when the peer closed the connection (the error was received, not detected locally).</summary>
    public bool IsRemote { get; init; }

    /// <summary>The application error code when the peer closed with an application CONNECTION_CLOSE (0x1d).</summary>
    public long? ApplicationCode { get; init; }
}
