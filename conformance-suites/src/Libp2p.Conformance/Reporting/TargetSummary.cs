namespace Libp2p.Conformance.Reporting;

/// <summary>Counts of one target's requirement verdicts and its MUST coverage.</summary>
/// <param name="Requirements">Requirements in the catalog.</param>
/// <param name="Passed">Requirements passed.</param>
/// <param name="Failed">Requirements failed.</param>
/// <param name="NotTested">Requirements not tested.</param>
/// <param name="Unsupported">Requirements unsupported by the target.</param>
/// <param name="NotApplicable">Requirements not applicable to the target.</param>
/// <param name="MustTotal">MUST and MUST NOT requirements in the catalog.</param>
/// <param name="MustTested">MUST-class requirements with a verdict from executed tests (passed or failed).</param>
/// <param name="MustPassed">MUST-class requirements passed.</param>
/// <param name="MustFailed">MUST-class requirements failed.</param>
/// <param name="Tests">Test results of the run.</param>
/// <param name="UntaggedTests">Test results carrying no requirement ID.</param>
public sealed record TargetSummary(
    int Requirements,
    int Passed,
    int Failed,
    int NotTested,
    int Unsupported,
    int NotApplicable,
    int MustTotal,
    int MustTested,
    int MustPassed,
    int MustFailed,
    int Tests,
    int UntaggedTests,
    int KnownDeviations = 0)
{
    /// <summary>Share (0..1) of MUST-class requirements tested (passed or failed); 0 when the catalog has none.</summary>
    public double MustCoverage => MustTotal == 0 ? 0 : (double)MustTested / MustTotal;

    /// <summary>Share (0..1) of MUST-class requirements passed; 0 when the catalog has none.</summary>
    public double MustPassRate => MustTotal == 0 ? 0 : (double)MustPassed / MustTotal;
}
