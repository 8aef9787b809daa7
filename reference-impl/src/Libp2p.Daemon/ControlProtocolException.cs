using Libp2p.Core.Abstractions;

namespace Libp2p.Daemon;

/// <summary>
/// A control-protocol message that cannot be used: bad length prefix, oversized, truncated or undecodable protobuf,
/// unknown request type or a request missing its body (go-libp2p-daemon specs/CONTROL.md, "Protocol Specification").
/// The daemon answers it with an <c>ERROR</c> response; the client raises it for an <c>ERROR</c> response.
/// </summary>
public sealed class ControlProtocolException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public ControlProtocolException(string message, Exception? inner = null) : base(message, inner) { }
}
