namespace Libp2p.Conformance.Reporting;

/// <summary>The verdict on one catalog requirement for one target, with the tests behind it.</summary>
/// <param name="Requirement">The requirement from the catalog.</param>
/// <param name="Status">The aggregated status (see <see cref="ReportBuilder"/> for the rules).</param>
/// <param name="Tests">Every test tagged with the requirement.</param>
public sealed record RequirementResult(Requirement Requirement, RequirementStatus Status, IReadOnlyList<CoveringTest> Tests)
{
    /// <summary>The messages of the failed tests, prefixed by the test name.</summary>
    public IEnumerable<string> FailureMessages =>
        Tests.Where(t => t.Outcome == Results.TestOutcome.Failed)
            .Select(t => t.Message is null ? t.Name : $"{t.Name}: {t.Message}");

    /// <summary>The reviewed deviation when <see cref="Status"/> is <see cref="RequirementStatus.KnownDeviation"/>.</summary>
    public KnownDeviation? Deviation { get; init; }
}
