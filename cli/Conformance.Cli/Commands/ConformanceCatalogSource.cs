using Libp2p.Conformance;

namespace Conformance.Cli.Commands;

/// <summary>Where <c>conformance</c> gets the requirement catalog from.</summary>
internal static class ConformanceCatalogSource
{
    /// <summary>
    /// The catalog generated at build time from spec-idl/modules/*.yaml into Libp2p.Conformance
    /// (spec-idl/compiler/Idl.targets, imported by Libp2p.Conformance.csproj).
    /// </summary>
    public static IReadOnlyList<Requirement> Load() => RequirementCatalog.All;
}
