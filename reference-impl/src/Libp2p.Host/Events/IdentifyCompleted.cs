using Libp2p.Core.Identity;

namespace Libp2p.Host.Events;

/// <summary>Identify (or a received push) about <paramref name="Peer"/> was verified and stored (identify/README.md).</summary>
/// <param name="Peer">The identified peer.</param>
/// <param name="Protocols">The protocols it advertised.</param>
/// <param name="AgentVersion">Its agentVersion, when sent.</param>
/// <param name="SignedPeerRecordVerified">Whether its signed peer record verified.</param>
/// <param name="IsPush">Whether this came from <c>/ipfs/id/push/1.0.0</c>.</param>
public sealed record IdentifyCompleted(PeerId Peer, IReadOnlyList<string> Protocols, string? AgentVersion, bool SignedPeerRecordVerified, bool IsPush);
