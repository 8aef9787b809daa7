using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>
/// Judges each catalog requirement per target from the tests tagged with it:
/// <list type="bullet">
/// <item>failed when any tagged test failed;</item>
/// <item>not tested when a tagged test was skipped for a reason other than the two below;</item>
/// <item>passed when at least one tagged test passed and every other tagged test passed too, tests skipped as
/// "unsupported by target" (<c>ConformanceSuite.RequireCapability</c>) or "not applicable"
/// (<c>ConformanceSuite.NotApplicable</c>) aside;</item>
/// <item>unsupported when no tagged test ran and at least one was skipped as unsupported by the target;</item>
/// <item>not applicable when every tagged test was skipped as not applicable;</item>
/// <item>not tested when there is no tagged test.</item>
/// </list>
/// IDs used by tests but missing from the catalog are collected as <see cref="UnknownRequirement"/>s.
/// </summary>
public static class ReportBuilder
{
    /// <summary>Builds the report of <paramref name="runs"/> against <paramref name="catalog"/>.</summary>
    public static ConformanceReport Build(IReadOnlyList<Requirement> catalog, IReadOnlyList<TargetRun> runs, DateTimeOffset generatedAt, IReadOnlyList<KnownDeviation>? deviations = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(runs);
        var known = new HashSet<string>(catalog.Select(r => r.Id), StringComparer.Ordinal);
        var unknown = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var targets = new List<TargetReport>(runs.Count);
        foreach (TargetRun run in runs)
        {
            var byId = new Dictionary<string, List<CoveringTest>>(StringComparer.Ordinal);
            int untagged = 0;
            foreach (TaggedTestResult tagged in run.Tests)
            {
                TestResultRecord r = tagged.Result;
                if (tagged.RequirementIds.Count == 0)
                {
                    untagged++;
                }
                foreach (string id in tagged.RequirementIds.Distinct(StringComparer.Ordinal))
                {
                    if (!known.Contains(id))
                    {
                        if (!unknown.TryGetValue(id, out SortedSet<string>? tests))
                        {
                            unknown[id] = tests = new SortedSet<string>(StringComparer.Ordinal);
                        }
                        tests.Add(r.FullName);
                        continue;
                    }
                    if (!byId.TryGetValue(id, out List<CoveringTest>? covering))
                    {
                        byId[id] = covering = [];
                    }
                    covering.Add(new CoveringTest(r.FullName, r.Outcome, r.Message));
                }
            }
            var results = new List<RequirementResult>(catalog.Count);
            foreach (Requirement requirement in catalog)
            {
                IReadOnlyList<CoveringTest> covering = byId.TryGetValue(requirement.Id, out List<CoveringTest>? list) ? list : [];
                RequirementStatus status = Aggregate(covering);
                KnownDeviation? deviation = status == RequirementStatus.Failed
                    ? deviations?.FirstOrDefault(d => d.Requirement == requirement.Id && string.Equals(d.Target, run.TargetId, StringComparison.OrdinalIgnoreCase))
                    : null;
                results.Add(new RequirementResult(requirement, deviation is null ? status : RequirementStatus.KnownDeviation, covering) { Deviation = deviation });
            }
            targets.Add(new TargetReport(run.TargetId, results, Summarise(results, run.Tests.Count, untagged), run.Tests, run.Errors));
        }
        List<UnknownRequirement> unknownList = [.. unknown.Select(kv => new UnknownRequirement(kv.Key, [.. kv.Value]))];
        return new ConformanceReport(generatedAt, catalog, targets, unknownList);
    }

    /// <summary>The status of a requirement whose tagged tests are <paramref name="tests"/> (rules in the type summary).</summary>
    public static RequirementStatus Aggregate(IReadOnlyList<CoveringTest> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        bool anyPassed = false;
        bool anyUnsupported = false;
        bool anyNotApplicable = false;
        bool anyOtherSkip = false;
        foreach (CoveringTest test in tests)
        {
            switch (test.Outcome)
            {
                case TestOutcome.Failed:
                    return RequirementStatus.Failed;
                case TestOutcome.Passed:
                    anyPassed = true;
                    break;
                default:
                    if (ConformanceSuite.IsUnsupportedMessage(test.Message))
                    {
                        anyUnsupported = true;
                    }
                    else if (ConformanceSuite.IsNotApplicableMessage(test.Message))
                    {
                        anyNotApplicable = true;
                    }
                    else
                    {
                        anyOtherSkip = true;
                    }
                    break;
            }
        }
        if (anyOtherSkip)
        {
            return RequirementStatus.NotTested;
        }
        if (anyPassed)
        {
            return RequirementStatus.Passed;
        }
        if (anyUnsupported)
        {
            return RequirementStatus.Unsupported;
        }
        return anyNotApplicable ? RequirementStatus.NotApplicable : RequirementStatus.NotTested;
    }

    private static TargetSummary Summarise(List<RequirementResult> results, int tests, int untagged)
    {
        int Count(RequirementStatus s) => results.Count(r => r.Status == s);
        List<RequirementResult> must = [.. results.Where(r => RequirementCatalog.IsMustLevel(r.Requirement.Level))];
        return new TargetSummary(
            Requirements: results.Count,
            Passed: Count(RequirementStatus.Passed),
            Failed: Count(RequirementStatus.Failed),
            NotTested: Count(RequirementStatus.NotTested),
            Unsupported: Count(RequirementStatus.Unsupported),
            NotApplicable: Count(RequirementStatus.NotApplicable),
            MustTotal: must.Count,
            MustTested: must.Count(r => r.Status is RequirementStatus.Passed or RequirementStatus.Failed or RequirementStatus.KnownDeviation),
            MustPassed: must.Count(r => r.Status == RequirementStatus.Passed),
            MustFailed: must.Count(r => r.Status == RequirementStatus.Failed),
            Tests: tests,
            UntaggedTests: untagged,
            KnownDeviations: Count(RequirementStatus.KnownDeviation));
    }
}
