using Libp2p.Core.Abstractions;

namespace Libp2p.Security.Plaintext;

/// <summary>A malformed, oversized or inconsistent <c>Exchange</c> message (libp2p/specs plaintext/README.md).</summary>
public sealed class PlaintextException : ProtocolViolationException
{
    /// <summary>Creates the exception.</summary>
    public PlaintextException(string message, Exception? inner = null) : base(message, inner) { }
}
