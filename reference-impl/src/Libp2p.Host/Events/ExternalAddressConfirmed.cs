using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Events;

/// <summary>Enough distinct peers reported <paramref name="Address"/> as our address (identify/README.md "observedAddr").</summary>
/// <param name="Address">The confirmed external address.</param>
/// <param name="Observers">Distinct observer networks that agreed.</param>
public sealed record ExternalAddressConfirmed(Multiaddr Address, int Observers);
