namespace Libp2p.Conformance.Reporting;

/// <summary>The verdict on one requirement for one target.</summary>
public enum RequirementStatus
{
    /// <summary>At least one tagged test ran and every tagged test passed (unsupported and not-applicable skips aside).</summary>
    Passed,

    /// <summary>At least one tagged test failed.</summary>
    Failed,

    /// <summary>No tagged test ran to completion (none exists, or some were skipped for reasons other than support).</summary>
    NotTested,

    /// <summary>No tagged test ran, and some were skipped because the target lacks a capability they need.</summary>
    Unsupported,

    /// <summary>Every tagged test was skipped as not applicable to the variant under test (a declared deviation).</summary>
    NotApplicable,

    /// <summary>Failed, but listed in the reviewed known-deviations file with a reason and a link.</summary>
    KnownDeviation,
}
