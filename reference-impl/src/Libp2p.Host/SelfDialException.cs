using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Host;

/// <summary>The host was asked to dial its own peer ID (HOST-DIAL-007).</summary>
public sealed class SelfDialException(PeerId self)
    : Libp2pException($"refusing to dial our own peer ID {self}")
{
    /// <summary>Our peer ID.</summary>
    public PeerId Self { get; } = self;
}
