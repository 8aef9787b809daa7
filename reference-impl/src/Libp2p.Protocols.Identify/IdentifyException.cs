using Libp2p.Core.Abstractions;

namespace Libp2p.Protocols.Identify;

/// <summary>An Identify message was rejected; <see cref="Error"/> says why (identify/README.md).</summary>
public sealed class IdentifyException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public IdentifyException(IdentifyError error, string message, Exception? inner = null) : base("identify: " + message, inner) => Error = error;

    /// <summary>The reason.</summary>
    public IdentifyError Error { get; }
}
