namespace Libp2p.Conformance.Reporting;

/// <summary>The spelling of statuses in <c>results.json</c> and <c>index.html</c>.</summary>
public static class RequirementStatusText
{
    /// <summary><c>passed</c>, <c>failed</c>, <c>not-tested</c>, <c>unsupported</c> or <c>not-applicable</c>.</summary>
    public static string ToText(this RequirementStatus status) => status switch
    {
        RequirementStatus.Passed => "passed",
        RequirementStatus.Failed => "failed",
        RequirementStatus.NotTested => "not-tested",
        RequirementStatus.Unsupported => "unsupported",
        RequirementStatus.NotApplicable => "not-applicable",
        RequirementStatus.KnownDeviation => "known-deviation",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown requirement status"),
    };
}
