namespace Libp2p.Conformance.Reporting;

/// <summary>A requirement ID used by tests but absent from the catalog: an error of the run.</summary>
/// <param name="Id">The ID as written in the test.</param>
/// <param name="Tests">The tests carrying it.</param>
public sealed record UnknownRequirement(string Id, IReadOnlyList<string> Tests);
