using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Host;

/// <summary>The peer store knows no dialable address of the peer (HOST-DIAL-001).</summary>
public sealed class NoAddressesException(PeerId peer)
    : Libp2pException($"no dialable addresses are known for peer {peer}")
{
    /// <summary>The peer that was dialed.</summary>
    public PeerId Peer { get; } = peer;
}
