using System.Collections.Frozen;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// The multiformats/multicodec table. Constants and rows are generated at build time from
/// conformance-suites/vectors/multicodec-table.csv (multiformats/multicodec table.csv) by Libp2p.Core.Generators;
/// constant names are the codec names in PascalCase, e.g. <c>Libp2pKey</c>, <c>Sha2_256</c>, <c>DagPb</c>.
/// </summary>
public static partial class Multicodec
{
    /// <summary>Every row of the table, in file order.</summary>
    public static IReadOnlyList<MulticodecEntry> Entries => Table;

    /// <summary>Looks up a codec name by code.</summary>
    public static bool TryGetName(ulong code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        if (Index.ByCode.TryGetValue(code, out MulticodecEntry entry))
        {
            name = entry.Name;
            return true;
        }
        name = null;
        return false;
    }

    /// <summary>Looks up a codec code by its exact (case-sensitive) name.</summary>
    public static bool TryGetCode(string name, out ulong code)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Index.ByName.TryGetValue(name, out MulticodecEntry entry))
        {
            code = entry.Code;
            return true;
        }
        code = 0;
        return false;
    }

    /// <summary>Looks up a whole table row by code.</summary>
    public static bool TryGet(ulong code, out MulticodecEntry entry) => Index.ByCode.TryGetValue(code, out entry);

    // A nested holder so the indexes are built after the generated Table field, whatever order the partial files compile in.
    private static class Index
    {
        internal static readonly FrozenDictionary<ulong, MulticodecEntry> ByCode = Table.ToFrozenDictionary(e => e.Code);
        internal static readonly FrozenDictionary<string, MulticodecEntry> ByName = Table.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);
    }
}
