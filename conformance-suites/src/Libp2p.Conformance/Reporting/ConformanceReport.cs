namespace Libp2p.Conformance.Reporting;

/// <summary>
/// The outcome of a conformance run over one or more targets, ready for the JUnit, JSON and HTML writers.
/// </summary>
/// <param name="GeneratedAt">When the report was built.</param>
/// <param name="Catalog">The requirement catalog the run was judged against.</param>
/// <param name="Targets">One report per target, in the order given.</param>
/// <param name="UnknownRequirements">IDs used by tests but absent from the catalog.</param>
public sealed record ConformanceReport(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<Requirement> Catalog,
    IReadOnlyList<TargetReport> Targets,
    IReadOnlyList<UnknownRequirement> UnknownRequirements)
{
    /// <summary>Every run problem, prefixed by its target.</summary>
    public IEnumerable<string> Errors => Targets.SelectMany(t => t.Errors.Select(e => $"{t.TargetId}: {e}"));

    /// <summary>Whether a MUST or MUST NOT requirement failed for any target.</summary>
    public bool AnyMustFailed => Targets.Any(t => t.Summary.MustFailed > 0);

    /// <summary>
    /// 1 when a MUST-class requirement failed, an unknown requirement ID was used, or a suite could not run;
    /// otherwise 0 (failures of SHOULD and MAY requirements are reported but do not fail the run).
    /// </summary>
    public int ExitCode => AnyMustFailed || UnknownRequirements.Count > 0 || Errors.Any() ? 1 : 0;
}
