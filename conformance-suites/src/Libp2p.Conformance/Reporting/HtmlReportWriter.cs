using System.Globalization;
using System.Net;
using System.Text;
using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Reporting;

/// <summary>
/// Writes <c>index.html</c>: one self-contained page (inline CSS, no scripts, no external assets) with the MUST
/// coverage of each target at the top, run errors and unknown requirement IDs, then a table of module x requirement
/// x target with coloured statuses; the tests behind a status show on hover, failure messages on expand. Every
/// text from the catalog or from test output is HTML-encoded.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>The file name written by <see cref="ReportWriter"/>.</summary>
    public const string FileName = "index.html";

    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
        h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
        .cards{display:flex;flex-wrap:wrap;gap:1em}
        .card{border:1px solid #ccc;border-radius:6px;padding:.7em 1em;min-width:16em}
        .card .big{font-size:1.8em;font-weight:600}
        table{border-collapse:collapse;width:100%}
        th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
        th{background:#f4f4f4;position:sticky;top:0}
        td.module{font-weight:600}
        .st{white-space:nowrap;font-weight:600}
        .passed{background:#d9f2d9}.failed{background:#f8d0d0}.not-tested{background:#eee;color:#666}
        .unsupported{background:#f3e3f7}.not-applicable{background:#e4e8f4}.known-deviation{background:#fff3a0}
        .errors li{color:#a00}
        pre{white-space:pre-wrap;font-size:12px;max-width:60em;margin:.3em 0}
        .meta{color:#666;font-size:12px}
        """;

    /// <summary>Writes <paramref name="report"/> as an HTML page (UTF-8) to <paramref name="output"/>.</summary>
    public static void Write(ConformanceReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<title>libp2p conformance report</title><style>").Append(Style).Append("</style></head><body>\n")
            .Append("<h1>libp2p conformance report</h1>\n<p class=\"meta\">Generated ")
            .Append(E(report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" &middot; ").Append(report.Catalog.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" requirements in the catalog &middot; exit code ").Append(report.ExitCode.ToString(CultureInfo.InvariantCulture))
            .Append("</p>\n");
        WriteSummary(html, report);
        WriteProblems(html, report);
        WriteTable(html, report);
        html.Append("</body></html>\n");
        byte[] bytes = Encoding.UTF8.GetBytes(html.ToString());
        output.Write(bytes);
    }

    private static void WriteSummary(StringBuilder html, ConformanceReport report)
    {
        html.Append("<h2>Summary</h2>\n<div class=\"cards\" id=\"summary\">\n");
        foreach (TargetReport target in report.Targets)
        {
            TargetSummary s = target.Summary;
            html.Append("<div class=\"card\"><div>target <b>").Append(E(target.TargetId)).Append("</b></div>")
                .Append("<div class=\"big\">").Append(Percent(s.MustCoverage)).Append("</div><div>MUST coverage (")
                .Append(s.MustTested).Append(" of ").Append(s.MustTotal).Append(" tested, ")
                .Append(s.MustPassed).Append(" passed, ").Append(s.MustFailed).Append(" failed)</div><div>")
                .Append(s.Passed).Append(" passed &middot; ").Append(s.Failed).Append(" failed &middot; ")
                .Append(s.NotTested).Append(" not tested &middot; ").Append(s.Unsupported).Append(" unsupported &middot; ")
                .Append(s.NotApplicable).Append(" not applicable &middot; ").Append(s.KnownDeviations).Append(" known deviations</div><div class=\"meta\">")
                .Append(s.Tests).Append(" tests, ").Append(s.UntaggedTests).Append(" untagged</div></div>\n");
        }
        html.Append("</div>\n");
    }

    private static void WriteProblems(StringBuilder html, ConformanceReport report)
    {
        List<string> errors = [.. report.Errors];
        if (report.UnknownRequirements.Count == 0 && errors.Count == 0)
        {
            return;
        }
        html.Append("<h2>Errors of the run</h2>\n<ul class=\"errors\">\n");
        foreach (UnknownRequirement unknown in report.UnknownRequirements)
        {
            html.Append("<li>unknown requirement ID <code>").Append(E(unknown.Id)).Append("</code> (not in the catalog), used by ")
                .Append(E(string.Join(", ", unknown.Tests))).Append("</li>\n");
        }
        foreach (string error in errors)
        {
            html.Append("<li><pre>").Append(E(error)).Append("</pre></li>\n");
        }
        html.Append("</ul>\n");
    }

    private static void WriteTable(StringBuilder html, ConformanceReport report)
    {
        html.Append("<h2>Requirements</h2>\n<table id=\"coverage\"><thead><tr><th>Module</th><th>Requirement</th><th>Level</th><th>Text</th>");
        foreach (TargetReport target in report.Targets)
        {
            html.Append("<th>").Append(E(target.TargetId)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>\n");
        string? module = null;
        for (int i = 0; i < report.Catalog.Count; i++)
        {
            Requirement r = report.Catalog[i];
            html.Append("<tr><td class=\"module\">").Append(r.Module == module ? string.Empty : E(r.Module)).Append("</td>")
                .Append("<td><code>").Append(E(r.Id)).Append("</code></td><td>").Append(E(r.Level)).Append("</td>")
                .Append("<td>").Append(E(r.Text)).Append("<div class=\"meta\">").Append(E(r.Spec)).Append(" &sect; ")
                .Append(E(r.Section)).Append("</div></td>");
            module = r.Module;
            foreach (TargetReport target in report.Targets)
            {
                WriteCell(html, target.Requirements[i]);
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    private static void WriteCell(StringBuilder html, RequirementResult result)
    {
        string status = result.Status.ToText();
        string tests = string.Join("\n", result.Tests.Select(t => $"{JsonReportWriter.OutcomeText(t.Outcome)}: {t.Name}"));
        html.Append("<td class=\"st ").Append(status).Append("\" title=\"").Append(E(tests.Length == 0 ? "no tagged test" : tests)).Append("\">");
        List<CoveringTest> withMessages = [.. result.Tests.Where(t => t.Message is not null && t.Outcome != TestOutcome.Passed)];
        if (result.Deviation is { } deviation)
        {
            html.Append("<details><summary>").Append(status).Append("</summary><pre>").Append(E(deviation.Reason)).Append("</pre><a href=\"")
                .Append(E(deviation.Link)).Append("\">").Append(E(deviation.Link)).Append("</a>");
            foreach (CoveringTest test in withMessages)
            {
                html.Append("<pre>").Append(E(test.Name)).Append(": ").Append(E(test.Message)).Append("</pre>");
            }
            html.Append("</details>");
        }
        else if (withMessages.Count == 0)
        {
            html.Append(status);
        }
        else
        {
            html.Append("<details><summary>").Append(status).Append("</summary>");
            foreach (CoveringTest test in withMessages)
            {
                html.Append("<pre>").Append(E(test.Name)).Append(": ").Append(E(test.Message)).Append("</pre>");
            }
            html.Append("</details>");
        }
        html.Append("</td>");
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
