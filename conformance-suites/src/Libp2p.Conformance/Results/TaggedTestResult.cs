namespace Libp2p.Conformance.Results;

/// <summary>A test result with the requirement IDs its test is tagged with (possibly none).</summary>
/// <param name="Result">The result read from TRX.</param>
/// <param name="RequirementIds">The IDs from <see cref="RequirementTagIndex"/>.</param>
public sealed record TaggedTestResult(TestResultRecord Result, IReadOnlyList<string> RequirementIds);
