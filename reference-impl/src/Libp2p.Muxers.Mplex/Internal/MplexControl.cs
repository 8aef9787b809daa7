namespace Libp2p.Muxers.Mplex;

/// <summary>A queued control message (NewStream with its name, Close, Reset).</summary>
internal readonly record struct MplexControl(ulong StreamId, MplexFlag Flag, byte[]? Body);
