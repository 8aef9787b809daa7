using CsCheck;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class ReportBuilderTests
{
    private const string Unsupported = "unsupported by target reference: quic";
    private const string NotApplicable = "not applicable: plaintext has no integrity protection by design";

    private static CoveringTest T(TestOutcome outcome, string? message = null) => new("C.T", outcome, message);

    [Test]
    public void No_tests_is_not_tested() => Assert.That(ReportBuilder.Aggregate([]), Is.EqualTo(RequirementStatus.NotTested));

    [Test]
    public void All_passed_is_passed() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.Passed), T(TestOutcome.Passed)]), Is.EqualTo(RequirementStatus.Passed));

    [Test]
    public void Any_failure_is_failed() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.Passed), T(TestOutcome.Failed), T(TestOutcome.NotExecuted, Unsupported)]),
            Is.EqualTo(RequirementStatus.Failed));

    [Test]
    public void Passed_with_unsupported_variants_is_passed() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.Passed), T(TestOutcome.NotExecuted, Unsupported)]), Is.EqualTo(RequirementStatus.Passed));

    [Test]
    public void Passed_with_a_test_skipped_for_another_reason_is_not_tested() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.Passed), T(TestOutcome.NotExecuted, "flaky on CI")]), Is.EqualTo(RequirementStatus.NotTested));

    [Test]
    public void Only_unsupported_is_unsupported() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.NotExecuted, Unsupported), T(TestOutcome.NotExecuted, Unsupported)]),
            Is.EqualTo(RequirementStatus.Unsupported));

    [Test]
    public void Passed_with_not_applicable_variants_is_passed() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.Passed), T(TestOutcome.NotExecuted, NotApplicable)]), Is.EqualTo(RequirementStatus.Passed));

    [Test]
    public void Only_not_applicable_is_not_applicable() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.NotExecuted, NotApplicable)]), Is.EqualTo(RequirementStatus.NotApplicable));

    [Test]
    public void Unsupported_outweighs_not_applicable_when_nothing_ran() =>
        Assert.That(ReportBuilder.Aggregate([T(TestOutcome.NotExecuted, NotApplicable), T(TestOutcome.NotExecuted, Unsupported)]),
            Is.EqualTo(RequirementStatus.Unsupported));

    [Test]
    public void Aggregation_invariants_hold_for_any_mix()
    {
        CoveringTest[] kinds =
        [
            T(TestOutcome.Passed), T(TestOutcome.Failed), T(TestOutcome.NotExecuted, Unsupported), T(TestOutcome.NotExecuted, "ignored"),
            T(TestOutcome.NotExecuted), T(TestOutcome.NotExecuted, NotApplicable),
        ];
        Gen<CoveringTest> test = Gen.Int[0, kinds.Length - 1].Select(i => kinds[i]);
        test.List[0, 8].Sample(tests =>
        {
            RequirementStatus status = ReportBuilder.Aggregate(tests);
            bool anyFailed = tests.Any(t => t.Outcome == TestOutcome.Failed);
            Assert.That(status == RequirementStatus.Failed, Is.EqualTo(anyFailed));
            if (status == RequirementStatus.Passed)
            {
                Assert.That(tests.Any(t => t.Outcome == TestOutcome.Passed), Is.True);
                Assert.That(tests.All(t => t.Outcome == TestOutcome.Passed
                    || ConformanceSuite.IsUnsupportedMessage(t.Message) || ConformanceSuite.IsNotApplicableMessage(t.Message)), Is.True);
            }
            if (status is RequirementStatus.Unsupported or RequirementStatus.NotApplicable)
            {
                Assert.That(tests.Any(t => t.Outcome != TestOutcome.NotExecuted), Is.False);
            }
        }, iter: 1000);
    }

    [Test]
    public void Each_catalog_requirement_gets_a_verdict_in_catalog_order_with_its_tests()
    {
        Requirement[] catalog = [Req("YAMUX-HDR-001"), Req("YAMUX-FLOW-001", "SHOULD"), Req("YAMUX-PING-001", "MAY")];
        ConformanceReport report = Report(catalog,
            Result("Version(0)", TestOutcome.Passed, null, "YAMUX-HDR-001"),
            Result("Version(1)", TestOutcome.Passed, null, "YAMUX-HDR-001"),
            Result("Window", TestOutcome.Failed, "window exceeded", "YAMUX-FLOW-001", "YAMUX-HDR-001"),
            Result("Helper", TestOutcome.Passed));
        TargetReport target = report.Targets.Single();
        Assert.Multiple(() =>
        {
            Assert.That(target.Requirements.Select(r => r.Requirement.Id), Is.EqualTo(catalog.Select(r => r.Id)));
            Assert.That(target.Requirements.Select(r => r.Status),
                Is.EqualTo(new[] { RequirementStatus.Failed, RequirementStatus.Failed, RequirementStatus.NotTested }));
            Assert.That(target.Requirements[0].Tests.Select(t => t.Name),
                Is.EqualTo(new[] { "Suites.YamuxTests.Version(0)", "Suites.YamuxTests.Version(1)", "Suites.YamuxTests.Window" }));
            Assert.That(target.Requirements[1].FailureMessages.Single(), Is.EqualTo("Suites.YamuxTests.Window: window exceeded"));
            Assert.That(target.Summary.UntaggedTests, Is.EqualTo(1));
            Assert.That(target.Summary.Tests, Is.EqualTo(4));
        });
    }

    [Test]
    public void Summary_counts_and_must_coverage()
    {
        Requirement[] catalog =
        [
            Req("A-X-001"), Req("A-X-002", "MUST NOT"), Req("A-X-003"), Req("A-X-004"), Req("A-X-005", "SHOULD"),
        ];
        ConformanceReport report = Report(catalog,
            Result("a", TestOutcome.Passed, null, "A-X-001"),
            Result("b", TestOutcome.Failed, "boom", "A-X-002"),
            Result("c", TestOutcome.NotExecuted, Unsupported, "A-X-003"),
            Result("d", TestOutcome.Passed, null, "A-X-005"));
        TargetSummary s = report.Targets.Single().Summary;
        Assert.Multiple(() =>
        {
            Assert.That((s.Requirements, s.Passed, s.Failed, s.NotTested, s.Unsupported), Is.EqualTo((5, 2, 1, 1, 1)));
            Assert.That((s.MustTotal, s.MustTested, s.MustPassed, s.MustFailed), Is.EqualTo((4, 2, 1, 1)));
            Assert.That(s.MustCoverage, Is.EqualTo(0.5));
            Assert.That(s.MustPassRate, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void Unknown_ids_are_collected_with_their_tests_and_fail_the_run()
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001")],
            Result("a", TestOutcome.Passed, null, "YAMUX-HDR-001", "YAMUX-NOPE-001"),
            Result("b", TestOutcome.Passed, null, "YAMUX-NOPE-001"),
            Result("c", TestOutcome.Passed, null, "typo"));
        Assert.Multiple(() =>
        {
            Assert.That(report.UnknownRequirements.Select(u => u.Id), Is.EqualTo(new[] { "YAMUX-NOPE-001", "typo" }));
            Assert.That(report.UnknownRequirements[0].Tests, Is.EqualTo(new[] { "Suites.YamuxTests.a", "Suites.YamuxTests.b" }));
            Assert.That(report.Targets.Single().Requirements.Single().Status, Is.EqualTo(RequirementStatus.Passed));
            Assert.That(report.ExitCode, Is.EqualTo(1));
        });
    }

    [TestCase("MUST", 1)]
    [TestCase("MUST NOT", 1)]
    [TestCase("must", 1)]
    [TestCase("SHOULD", 0)]
    [TestCase("SHOULD NOT", 0)]
    [TestCase("MAY", 0)]
    public void Exit_code_is_one_only_when_a_must_class_requirement_fails(string level, int expected)
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001", level), Req("YAMUX-HDR-002")],
            Result("fails", TestOutcome.Failed, "boom", "YAMUX-HDR-001"),
            Result("passes", TestOutcome.Passed, null, "YAMUX-HDR-002"));
        Assert.That(report.ExitCode, Is.EqualTo(expected));
    }

    [Test]
    public void Failed_untagged_tests_and_untested_musts_do_not_fail_the_run()
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001"), Req("YAMUX-HDR-002")],
            Result("untagged", TestOutcome.Failed, "boom"),
            Result("passes", TestOutcome.Passed, null, "YAMUX-HDR-002"));
        Assert.That(report.ExitCode, Is.Zero);
    }

    [Test]
    public void Run_errors_fail_the_run_and_are_prefixed_by_target()
    {
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001")],
            [new TargetRun("reference", [], ["Muxer.Conformance.Tests: build failed"])], DateTimeOffset.UnixEpoch);
        Assert.Multiple(() =>
        {
            Assert.That(report.Errors, Is.EqualTo(new[] { "reference: Muxer.Conformance.Tests: build failed" }));
            Assert.That(report.ExitCode, Is.EqualTo(1));
        });
    }

    [Test]
    public void Each_target_is_judged_separately()
    {
        TaggedTestResult pass = Result("t", TestOutcome.Passed, null, "YAMUX-HDR-001");
        TaggedTestResult fail = Result("t", TestOutcome.Failed, "boom", "YAMUX-HDR-001");
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001")],
            [new TargetRun("reference", [pass], []), new TargetRun("wire:js-v3", [fail], [])], DateTimeOffset.UnixEpoch);
        Assert.Multiple(() =>
        {
            Assert.That(report.Targets.Select(t => t.Requirements.Single().Status),
                Is.EqualTo(new[] { RequirementStatus.Passed, RequirementStatus.Failed }));
            Assert.That(report.ExitCode, Is.EqualTo(1));
        });
    }
}
