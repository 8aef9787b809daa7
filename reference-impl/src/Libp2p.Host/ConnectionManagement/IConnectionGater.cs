using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.ConnectionManagement;

/// <summary>
/// Vetoes connections at each step (HOST-GATE-001..004), as go-libp2p's ConnectionGater: before dialing a peer,
/// before dialing one of its addresses, when a listener accepts (before any handshake), once the remote is
/// authenticated (before the muxer), and once the connection is fully upgraded. Return false to refuse; a
/// refused connection is closed and the caller sees a <see cref="ConnectionGatedException"/>.
/// Every hook allows by default. Hooks run on the connection's path, so they must be fast and must not throw.
/// </summary>
public interface IConnectionGater
{
    /// <summary>Whether to dial <paramref name="peer"/> at all.</summary>
    bool InterceptPeerDial(PeerId peer) => true;

    /// <summary>Whether to dial <paramref name="address"/> (of <paramref name="peer"/>, when known).</summary>
    bool InterceptAddressDial(PeerId? peer, Multiaddr address) => true;

    /// <summary>Whether to take an inbound connection; runs before the security handshake.</summary>
    bool InterceptAccept(Multiaddr localAddress, Multiaddr remoteAddress) => true;

    /// <summary>Whether to keep a connection whose remote has proved <paramref name="peer"/>; runs before the muxer.</summary>
    bool InterceptSecured(bool inbound, PeerId peer, Multiaddr remoteAddress) => true;

    /// <summary>Whether to keep a fully upgraded connection.</summary>
    bool InterceptUpgraded(UpgradedConnection connection) => true;
}
