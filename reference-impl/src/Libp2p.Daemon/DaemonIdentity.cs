using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>A daemon's answer to IDENTIFY: its peer ID and libp2p listen addresses (without <c>/p2p</c>).</summary>
public sealed record DaemonIdentity(PeerId PeerId, IReadOnlyList<Multiaddr> Addresses);
