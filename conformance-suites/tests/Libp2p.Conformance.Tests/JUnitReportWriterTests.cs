using System.Xml.Linq;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class JUnitReportWriterTests
{
    private static XDocument Write(ConformanceReport report)
    {
        using var stream = new MemoryStream();
        JUnitReportWriter.Write(report, stream);
        stream.Position = 0;
        return XDocument.Load(stream);
    }

    private static ConformanceReport Sample() => Report(
        [Req("YAMUX-HDR-001"), Req("YAMUX-FLOW-001", "SHOULD")],
        Result("Version", TestOutcome.Passed, null, "YAMUX-HDR-001"),
        Result("Window(1)", TestOutcome.Failed, "window exceeded\nExpected: 1 But was: 2", "YAMUX-FLOW-001", "YAMUX-HDR-001"),
        Result("Quic", TestOutcome.NotExecuted, "unsupported by target reference: quic", "YAMUX-FLOW-001"));

    [Test]
    public void Counts_and_structure_are_valid_junit()
    {
        XElement root = Write(Sample()).Root!;
        XElement suite = root.Elements("testsuite").Single();
        Assert.Multiple(() =>
        {
            Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
            Assert.That((int)root.Attribute("tests")!, Is.EqualTo(3));
            Assert.That((int)root.Attribute("failures")!, Is.EqualTo(1));
            Assert.That((int)root.Attribute("skipped")!, Is.EqualTo(1));
            Assert.That((string?)suite.Attribute("name"), Is.EqualTo("reference: Suites.YamuxTests"));
            Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(suite.Elements("testcase").Count()));
            Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(suite.Elements("testcase").Count(c => c.Element("failure") is not null)));
            Assert.That((int)suite.Attribute("skipped")!, Is.EqualTo(suite.Elements("testcase").Count(c => c.Element("skipped") is not null)));
            Assert.That((double)suite.Elements("testcase").First().Attribute("time")!, Is.EqualTo(0.012));
        });
    }

    [Test]
    public void A_failure_excused_by_a_known_deviation_is_skipped_and_only_that_one()
    {
        IReadOnlyList<Requirement> catalog = [Req("YAMUX-HDR-001"), Req("YAMUX-FLOW-001"), Req("YAMUX-FLOW-002")];
        TaggedTestResult[] results =
        [
            Result("Excused", TestOutcome.Failed, "window exceeded", "YAMUX-FLOW-001"),
            Result("AlsoFailsAnother", TestOutcome.Failed, "header wrong", "YAMUX-FLOW-001", "YAMUX-HDR-001"),
            Result("Plain", TestOutcome.Failed, "bad", "YAMUX-FLOW-002"),
        ];
        ConformanceReport report = ReportBuilder.Build(catalog, [new TargetRun("wire:x", results, [])], DateTimeOffset.UnixEpoch,
            [new KnownDeviation("wire:x", "YAMUX-FLOW-001", "x ignores the window", "https://example.invalid/issue")]);
        XElement root = Write(report).Root!;
        XElement Case(string name) => root.Descendants("testcase").Single(c => (string?)c.Attribute("name") == name);
        Assert.Multiple(() =>
        {
            Assert.That(Case("Excused").Element("failure"), Is.Null);
            Assert.That((string?)Case("Excused").Element("skipped")?.Attribute("message"), Does.StartWith("known deviation YAMUX-FLOW-001 (https://example.invalid/issue): window exceeded"));
            Assert.That(Case("Excused").Element("system-out")?.Value, Does.Contain("x ignores the window"));
            Assert.That(Case("AlsoFailsAnother").Element("failure"), Is.Not.Null, "YAMUX-HDR-001 is no deviation, so this failure stands");
            Assert.That(Case("Plain").Element("failure"), Is.Not.Null);
            Assert.That((int)root.Attribute("failures")!, Is.EqualTo(2));
            Assert.That((int)root.Attribute("skipped")!, Is.EqualTo(1));
        });
    }

    [Test]
    public void Requirement_ids_are_testcase_properties_and_failures_carry_messages()
    {
        XElement window = Write(Sample()).Descendants("testcase").Single(c => (string?)c.Attribute("name") == "Window(1)");
        XElement failure = window.Element("failure")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)window.Attribute("classname"), Is.EqualTo("Suites.YamuxTests"));
            Assert.That(window.Element("properties")!.Elements("property").Where(p => (string?)p.Attribute("name") == "requirement")
                .Select(p => (string?)p.Attribute("value")), Is.EqualTo(new[] { "YAMUX-FLOW-001", "YAMUX-HDR-001" }));
            Assert.That((string?)failure.Attribute("message"), Is.EqualTo("window exceeded"));
            Assert.That(failure.Value, Does.Contain("Expected: 1 But was: 2").And.Contain("at Suites.YamuxTests.Window(1)"));
        });
    }

    [Test]
    public void Unknown_ids_and_run_errors_become_failing_cases_of_the_run_suite()
    {
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001")],
            [new TargetRun("reference", [Result("t", TestOutcome.Passed, null, "YAMUX-NOPE-001")], ["Muxer: build failed"])],
            DateTimeOffset.UnixEpoch);
        XElement root = Write(report).Root!;
        XElement run = root.Elements("testsuite").Single(s => (string?)s.Attribute("name") == JUnitReportWriter.RunSuiteName);
        Assert.Multiple(() =>
        {
            Assert.That(run.Elements("testcase").Count(), Is.EqualTo(2));
            Assert.That(run.Descendants("failure").Select(f => f.Value), Has.Some.Contains("unknown requirement ID YAMUX-NOPE-001"));
            Assert.That(run.Descendants("failure").Select(f => f.Value), Has.Some.Contains("reference: Muxer: build failed"));
            Assert.That((int)root.Attribute("tests")!, Is.EqualTo(3));
            Assert.That((int)root.Attribute("failures")!, Is.EqualTo(2));
        });
    }

    [Test]
    public void Characters_xml_forbids_are_replaced_so_the_file_stays_parseable()
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001")],
            Result("Nul", TestOutcome.Failed, "bad byte \0 and \u001b[31m and lone \ud800 surrogate <&>", "YAMUX-HDR-001"));
        XElement failure = Write(report).Descendants("failure").Single();
        Assert.That(failure.Value, Does.Contain("bad byte \uFFFD and \uFFFD[31m and lone \uFFFD surrogate <&>"));
    }

    [Test]
    public void Several_targets_get_their_own_suites_and_distinct_case_names()
    {
        TaggedTestResult t = Result("Version", TestOutcome.Passed, null, "YAMUX-HDR-001");
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001")],
            [new TargetRun("reference", [t], []), new TargetRun("wire:js-v3", [t], [])], DateTimeOffset.UnixEpoch);
        XElement root = Write(report).Root!;
        Assert.That(root.Descendants("testcase").Select(c => (string?)c.Attribute("name")),
            Is.EqualTo(new[] { "Version [reference]", "Version [wire:js-v3]" }));
    }
}
