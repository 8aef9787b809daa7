namespace Libp2p.Core.Multiformats;

/// <summary>One row of the multiformats/multicodec table (table.csv: name, tag, code, status, description).</summary>
/// <param name="Code">The codec's code.</param>
/// <param name="Name">The codec's unique name, e.g. "libp2p-key".</param>
/// <param name="Tag">The table's tag column, e.g. "multihash", "multiaddr", "ipld".</param>
/// <param name="Status">"permanent", "draft" or "deprecated".</param>
/// <param name="Description">Free text, possibly empty.</param>
public readonly record struct MulticodecEntry(ulong Code, string Name, string Tag, string Status, string Description);
