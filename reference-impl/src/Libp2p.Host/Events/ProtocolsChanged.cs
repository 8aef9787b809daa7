namespace Libp2p.Host.Events;

/// <summary>Our set of served protocols changed (identify/README.md "identify/push" is sent on it).</summary>
/// <param name="Added">Protocols now served.</param>
/// <param name="Removed">Protocols no longer served.</param>
public sealed record ProtocolsChanged(IReadOnlyList<string> Added, IReadOnlyList<string> Removed);
