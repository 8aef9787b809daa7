using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>A peer as LIST_PEERS or PEERSTORE GET_PEER_INFO report it (<c>PeerInfo</c> in the daemon protocol).</summary>
public sealed record DaemonPeerInfo(PeerId PeerId, IReadOnlyList<Multiaddr> Addresses);
