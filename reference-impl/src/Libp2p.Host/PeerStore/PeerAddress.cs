using Libp2p.Core.Multiformats;

namespace Libp2p.Host.PeerStore;

/// <summary>One known address of a peer.</summary>
/// <param name="Address">The transport address (without <c>/p2p</c>).</param>
/// <param name="Expires">When it stops being returned; <see cref="DateTimeOffset.MaxValue"/> for permanent.</param>
/// <param name="Certified">Whether it came from a verified signed peer record (RFC 0003).</param>
public sealed record PeerAddress(Multiaddr Address, DateTimeOffset Expires, bool Certified);
