using Libp2p.Core.Abstractions;

namespace Libp2p.Transports.Tcp;

/// <summary>
/// A dial, listen or accept failure of a socket-based transport, with its classified <see cref="Kind"/>.
/// Failures on an established connection's pipes surface as <see cref="IOException"/> whose inner exception is a
/// <see cref="TransportException"/>.
/// </summary>
public sealed class TransportException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public TransportException(TransportErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>The classified cause.</summary>
    public TransportErrorKind Kind { get; }
}
