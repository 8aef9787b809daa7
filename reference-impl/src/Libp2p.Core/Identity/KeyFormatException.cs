using Libp2p.Core.Abstractions;

namespace Libp2p.Core.Identity;

/// <summary>
/// A key, key encoding or key file is malformed, of an unsupported type, or outside the size limits
/// (libp2p/specs peer-ids/peer-ids.md, "Keys").
/// </summary>
public sealed class KeyFormatException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public KeyFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
