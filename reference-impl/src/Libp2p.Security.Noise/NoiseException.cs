using Libp2p.Core.Abstractions;

namespace Libp2p.Security.Noise;

/// <summary>
/// A Noise handshake or transport failure: a malformed or truncated message, a failed AEAD authentication,
/// an invalid libp2p handshake payload, or an exhausted nonce (libp2p/specs noise/README.md).
/// </summary>
public sealed class NoiseException : ProtocolViolationException
{
    /// <summary>Creates the exception.</summary>
    public NoiseException(string message, Exception? inner = null) : base(message, inner) { }
}
