using System.Text.Json;
using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>
/// Writes <c>results.json</c>: <c>{ generatedAt, exitCode, targets: [ { id, summary: { ..., mustCoverage },
/// requirements: [ { id, level, module, text, section, spec, status, tests: [ { name, outcome, message } ],
/// failures: [...] } ], errors } ], unknownRequirements: [ { id, tests } ], errors }</c>. Status values are
/// <c>passed</c>, <c>failed</c>, <c>not-tested</c>, <c>unsupported</c> and <c>not-applicable</c>.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>The file name written by <see cref="ReportWriter"/>.</summary>
    public const string FileName = "results.json";

    /// <summary>Version of the document shape; bumped on incompatible changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes <paramref name="report"/> as indented UTF-8 JSON to <paramref name="output"/>.</summary>
    public static void Write(ConformanceReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteString("generatedAt", report.GeneratedAt);
        json.WriteNumber("exitCode", report.ExitCode);
        json.WriteStartArray("targets");
        foreach (TargetReport target in report.Targets)
        {
            WriteTarget(json, target);
        }
        json.WriteEndArray();
        json.WriteStartArray("unknownRequirements");
        foreach (UnknownRequirement unknown in report.UnknownRequirements)
        {
            json.WriteStartObject();
            json.WriteString("id", unknown.Id);
            WriteStrings(json, "tests", unknown.Tests);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteStrings(json, "errors", report.Errors);
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteTarget(Utf8JsonWriter json, TargetReport target)
    {
        TargetSummary s = target.Summary;
        json.WriteStartObject();
        json.WriteString("id", target.TargetId);
        json.WriteStartObject("summary");
        json.WriteNumber("requirements", s.Requirements);
        json.WriteNumber("passed", s.Passed);
        json.WriteNumber("failed", s.Failed);
        json.WriteNumber("notTested", s.NotTested);
        json.WriteNumber("unsupported", s.Unsupported);
        json.WriteNumber("notApplicable", s.NotApplicable);
        json.WriteNumber("mustTotal", s.MustTotal);
        json.WriteNumber("mustTested", s.MustTested);
        json.WriteNumber("mustPassed", s.MustPassed);
        json.WriteNumber("mustFailed", s.MustFailed);
        json.WriteNumber("mustCoverage", Math.Round(s.MustCoverage, 4));
        json.WriteNumber("mustPassRate", Math.Round(s.MustPassRate, 4));
        json.WriteNumber("tests", s.Tests);
        json.WriteNumber("untaggedTests", s.UntaggedTests);
        json.WriteNumber("knownDeviations", s.KnownDeviations);
        json.WriteEndObject();
        json.WriteStartArray("requirements");
        foreach (RequirementResult result in target.Requirements)
        {
            Requirement r = result.Requirement;
            json.WriteStartObject();
            json.WriteString("id", r.Id);
            json.WriteString("level", r.Level);
            json.WriteString("module", r.Module);
            json.WriteString("text", r.Text);
            json.WriteString("section", r.Section);
            json.WriteString("spec", r.Spec);
            json.WriteString("status", result.Status.ToText());
            if (result.Deviation is { } deviation)
            {
                json.WriteStartObject("deviation");
                json.WriteString("reason", deviation.Reason);
                json.WriteString("link", deviation.Link);
                json.WriteEndObject();
            }
            json.WriteStartArray("tests");
            foreach (CoveringTest test in result.Tests)
            {
                json.WriteStartObject();
                json.WriteString("name", test.Name);
                json.WriteString("outcome", OutcomeText(test.Outcome));
                if (test.Message is not null)
                {
                    json.WriteString("message", test.Message);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteStrings(json, "failures", result.FailureMessages);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteStrings(json, "untaggedTests", target.Tests.Where(t => t.RequirementIds.Count == 0).Select(t => t.Result.FullName));
        WriteStrings(json, "errors", target.Errors);
        json.WriteEndObject();
    }

    /// <summary><c>passed</c>, <c>failed</c> or <c>not-executed</c>.</summary>
    public static string OutcomeText(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        _ => "not-executed",
    };

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
