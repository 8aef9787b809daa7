namespace Libp2p.Muxers.Mplex;

/// <summary>Streams are named by ID and by which side opened them (spec: IDs are scoped by initiator).</summary>
internal readonly record struct MplexStreamKey(ulong Id, bool OpenedLocally);
