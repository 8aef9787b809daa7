using System.Globalization;
using System.Text;
using System.Xml;
using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>
/// Writes <c>junit.xml</c>: <c>testsuites</c> / one <c>testsuite</c> per target and fixture / <c>testcase</c> with the
/// requirement IDs as <c>property name="requirement"</c>, <c>failure</c> with the message and stack trace, and
/// <c>skipped</c> with the reason. A failed test whose every failing requirement is a reviewed known deviation of its
/// target is written as <c>skipped</c> ("known deviation ...") with the failure kept in <c>system-out</c>, so a CI
/// consuming the file fails on exactly what the exit code fails on. Unknown requirement IDs and run errors appear as failing cases of a
/// <c>conformance-run</c> suite so CI shows them. The layout follows the JUnit XML used by Ant, Jenkins and GitLab.
/// </summary>
public static class JUnitReportWriter
{
    /// <summary>The file name written by <see cref="ReportWriter"/>.</summary>
    public const string FileName = "junit.xml";

    /// <summary>The name of the suite holding unknown requirement IDs and run errors.</summary>
    public const string RunSuiteName = "conformance-run";

    private const int MaxMessageAttributeLength = 1000;

    /// <summary>Writes <paramref name="report"/> as JUnit XML (UTF-8) to <paramref name="output"/>.</summary>
    public static void Write(ConformanceReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using XmlWriter xml = XmlWriter.Create(output, settings);
        string timestamp = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        bool manyTargets = report.Targets.Count > 1;
        var verdicts = report.Targets.ToDictionary(t => t.TargetId, Verdicts, StringComparer.Ordinal);
        List<CaseVerdict> all = [.. report.Targets.SelectMany(t => t.Tests.Select(test => verdicts[t.TargetId](test)))];
        int runCases = report.UnknownRequirements.Count + report.Errors.Count();

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "libp2p-conformance");
        WriteCounts(xml, all, extraFailures: runCases, extraTests: runCases);
        foreach (TargetReport target in report.Targets)
        {
            foreach (IGrouping<string, TaggedTestResult> fixture in target.Tests.GroupBy(t => t.Result.ClassName, StringComparer.Ordinal))
            {
                List<CaseVerdict> results = [.. fixture.Select(verdicts[target.TargetId])];
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", XmlText.Sanitize($"{target.TargetId}: {fixture.Key}"));
                WriteCounts(xml, results, 0, 0);
                xml.WriteAttributeString("timestamp", timestamp);
                xml.WriteStartElement("properties");
                WriteProperty(xml, "target", target.TargetId);
                xml.WriteEndElement();
                foreach (CaseVerdict verdict in results)
                {
                    WriteCase(xml, verdict, target.TargetId, manyTargets);
                }
                xml.WriteEndElement();
            }
        }
        if (runCases > 0)
        {
            WriteRunSuite(xml, report, runCases, timestamp);
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    // A failed test is excused when none of its requirements failed outright and at least one is a known deviation.
    private static Func<TaggedTestResult, CaseVerdict> Verdicts(TargetReport target)
    {
        Dictionary<string, RequirementResult> byId = target.Requirements.ToDictionary(r => r.Requirement.Id, StringComparer.Ordinal);
        return test =>
        {
            if (test.Result.Outcome != TestOutcome.Failed)
            {
                return new CaseVerdict(test, null);
            }
            RequirementResult[] tagged = [.. test.RequirementIds.Where(byId.ContainsKey).Select(id => byId[id])];
            RequirementResult? deviation = tagged.FirstOrDefault(r => r.Status == RequirementStatus.KnownDeviation);
            return deviation is not null && tagged.All(r => r.Status != RequirementStatus.Failed)
                ? new CaseVerdict(test, deviation)
                : new CaseVerdict(test, null);
        };
    }

    private static void WriteCase(XmlWriter xml, CaseVerdict verdict, string targetId, bool manyTargets)
    {
        TaggedTestResult test = verdict.Test;
        TestResultRecord r = test.Result;
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Sanitize(manyTargets ? $"{r.TestName} [{targetId}]" : r.TestName));
        xml.WriteAttributeString("classname", XmlText.Sanitize(r.ClassName));
        xml.WriteAttributeString("time", Seconds(r.Duration));
        xml.WriteStartElement("properties");
        WriteProperty(xml, "target", targetId);
        foreach (string id in test.RequirementIds)
        {
            WriteProperty(xml, "requirement", id);
        }
        xml.WriteEndElement();
        if (verdict.ExcusedBy is { } excused)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", XmlText.Sanitize(FirstLine(
                $"known deviation {excused.Requirement.Id} ({excused.Deviation?.Link}): {FirstLine(r.Message ?? "failed")}")));
            xml.WriteEndElement();
            xml.WriteElementString("system-out", XmlText.Sanitize($"{excused.Deviation?.Reason}\n\n{r.Message}\n{r.StackTrace}"));
            xml.WriteEndElement();
            return;
        }
        switch (r.Outcome)
        {
            case TestOutcome.Failed:
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", XmlText.Sanitize(FirstLine(r.Message ?? "failed")));
                xml.WriteAttributeString("type", "failure");
                xml.WriteString(XmlText.Sanitize(r.StackTrace is null ? r.Message : $"{r.Message}\n{r.StackTrace}"));
                xml.WriteEndElement();
                break;
            case TestOutcome.NotExecuted:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", XmlText.Sanitize(FirstLine(r.Message ?? "not executed")));
                xml.WriteEndElement();
                break;
        }
        xml.WriteEndElement();
    }

    private static void WriteRunSuite(XmlWriter xml, ConformanceReport report, int cases, string timestamp)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", RunSuiteName);
        xml.WriteAttributeString("tests", cases.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", cases.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", "0");
        xml.WriteAttributeString("timestamp", timestamp);
        foreach (UnknownRequirement unknown in report.UnknownRequirements)
        {
            string message = $"unknown requirement ID {unknown.Id} (not in the catalog), used by: {string.Join(", ", unknown.Tests)}";
            WriteRunCase(xml, $"requirement ID {unknown.Id} is in the catalog", message);
        }
        int n = 0;
        foreach (string error in report.Errors)
        {
            WriteRunCase(xml, $"run error {++n}", error);
        }
        xml.WriteEndElement();
    }

    private static void WriteRunCase(XmlWriter xml, string name, string message)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Sanitize(name));
        xml.WriteAttributeString("classname", RunSuiteName);
        xml.WriteAttributeString("time", "0");
        xml.WriteStartElement("failure");
        xml.WriteAttributeString("message", XmlText.Sanitize(FirstLine(message)));
        xml.WriteAttributeString("type", "conformance-run");
        xml.WriteString(XmlText.Sanitize(message));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, List<CaseVerdict> results, int extraFailures, int extraTests)
    {
        xml.WriteAttributeString("tests", (results.Count + extraTests).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", (results.Count(v => v.IsFailure) + extraFailures).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", results.Count(v => v.IsSkipped).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(results.Sum(v => v.Test.Result.Duration.Ticks))));
    }

    private sealed record CaseVerdict(TaggedTestResult Test, RequirementResult? ExcusedBy)
    {
        public bool IsFailure => Test.Result.Outcome == TestOutcome.Failed && ExcusedBy is null;

        public bool IsSkipped => Test.Result.Outcome == TestOutcome.NotExecuted || ExcusedBy is not null;
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlText.Sanitize(value));
        xml.WriteEndElement();
    }

    private static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string FirstLine(string text)
    {
        string line = text.Trim();
        int newline = line.IndexOfAny(['\r', '\n']);
        if (newline >= 0)
        {
            line = line[..newline];
        }
        return line.Length <= MaxMessageAttributeLength ? line : line[..MaxMessageAttributeLength];
    }
}
