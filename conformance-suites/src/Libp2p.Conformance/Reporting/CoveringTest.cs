using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>One test tagged with a requirement, as shown in the report.</summary>
/// <param name="Name">The test's full name, <c>Class.Test(args)</c>.</param>
/// <param name="Outcome">Its outcome.</param>
/// <param name="Message">Its failure or skip message, if any.</param>
public sealed record CoveringTest(string Name, TestOutcome Outcome, string? Message);
