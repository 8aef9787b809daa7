using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Events;

/// <summary>Our advertised addresses changed (a new listener, or a confirmed external address).</summary>
/// <param name="Addresses">The addresses now advertised.</param>
public sealed record LocalAddressesChanged(IReadOnlyList<Multiaddr> Addresses);
