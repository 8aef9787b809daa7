using Libp2p.Core.Identity;

namespace Libp2p.Host.Events;

/// <summary>The last connection to <paramref name="Peer"/> closed (HOST-EVENT-001).</summary>
/// <param name="Peer">The remote peer.</param>
public sealed record PeerDisconnected(PeerId Peer);
