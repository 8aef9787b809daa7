using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>The verdicts for one target: one entry per catalog requirement, in catalog order.</summary>
/// <param name="TargetId">The target ID.</param>
/// <param name="Requirements">One result per catalog requirement.</param>
/// <param name="Summary">Counts and MUST coverage.</param>
/// <param name="Tests">Every test result of the run (for JUnit output).</param>
/// <param name="Errors">Run problems for this target.</param>
public sealed record TargetReport(
    string TargetId,
    IReadOnlyList<RequirementResult> Requirements,
    TargetSummary Summary,
    IReadOnlyList<TaggedTestResult> Tests,
    IReadOnlyList<string> Errors);
