using Libp2p.Core.Abstractions;

namespace Libp2p.Security.Tls;

/// <summary>
/// A libp2p TLS failure. Certificate errors: the remote certificate does not authenticate a libp2p peer (libp2p/specs tls/tls.md "Peer Authentication"):
/// missing or malformed extension, invalid self-signature or host-key signature, outside its validity period,
/// or more than one certificate. Also raised when the TLS handshake or a TLS record fails.
/// </summary>
public sealed class TlsException : ProtocolViolationException
{
    /// <summary>Creates the exception.</summary>
    public TlsException(string message, Exception? inner = null) : base(message, inner) { }
}
