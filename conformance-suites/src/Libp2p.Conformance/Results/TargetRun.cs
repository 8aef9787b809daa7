namespace Libp2p.Conformance.Results;

/// <summary>Every test result of the conformance suites run against one target, plus what went wrong running them.</summary>
/// <param name="TargetId">The target ID, e.g. <c>reference</c>.</param>
/// <param name="Tests">The tagged results of all suites.</param>
/// <param name="Errors">Run problems (a suite that did not build, a timeout, an unreadable TRX); they fail the run.</param>
public sealed record TargetRun(string TargetId, IReadOnlyList<TaggedTestResult> Tests, IReadOnlyList<string> Errors);
