using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Events;

/// <summary>A connection to <paramref name="Peer"/> finished its upgrade (HOST-EVENT-001, connections/README.md).</summary>
/// <param name="Peer">The authenticated remote peer.</param>
/// <param name="RemoteAddress">The remote's transport address.</param>
/// <param name="Inbound">Whether the remote dialed us.</param>
public sealed record PeerConnected(PeerId Peer, Multiaddr RemoteAddress, bool Inbound);
