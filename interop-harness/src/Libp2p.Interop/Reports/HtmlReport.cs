using System.Globalization;
using System.Net;
using System.Text;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary><c>index.html</c>: a self-contained page with one coloured matrix per option tuple; hovering a cell shows the reason, exit codes and timings.</summary>
public static class HtmlReport
{
    /// <summary>Renders the page.</summary>
    public static string Render(IReadOnlyList<InteropTestResult> results, string runtime, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(results);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>libp2p interop matrix</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0 0 2em}")
            .Append("th,td{border:1px solid #ccc;padding:.35em .6em;text-align:center;font-size:.9em}th{background:#f4f4f4}")
            .Append("td.pass{background:#c8f0c8}td.fail{background:#f6b8b8}td.known{background:#fbe9a0}td.notrun,td.untested{background:#eee;color:#777}")
            .Append("td[title]{cursor:help}.summary span{margin-right:1.5em}\n</style></head><body>\n");
        html.Append("<h1>libp2p transport interop matrix</h1>\n<p class=\"summary\">")
            .Append(Span("runtime", runtime))
            .Append(Span("generated", generated.ToString("u", CultureInfo.InvariantCulture)))
            .Append(Span("passed", Count(results, InteropOutcome.Success)))
            .Append(Span("failed", results.Count(r => r.IsUnexpectedFailure).ToString(CultureInfo.InvariantCulture)))
            .Append(Span("known failures", results.Count(r => r.Outcome == InteropOutcome.Failure && r.KnownFailure is not null).ToString(CultureInfo.InvariantCulture)))
            .Append(Span("not run", Count(results, InteropOutcome.NotRun)))
            .Append("</p>\n<p>Rows dial, columns listen. Cells show handshake+1 RTT / ping RTT in ms; hover for details.</p>\n");
        foreach (MatrixLayout table in MatrixLayout.Build(results))
        {
            html.Append("<h2>").Append(Encode(table.Options)).Append("</h2>\n<table><tr><th>dialer \\ listener</th>");
            foreach (string listener in table.Listeners)
            {
                html.Append("<th>").Append(Encode(listener)).Append("</th>");
            }
            html.Append("</tr>\n");
            foreach (string dialer in table.Dialers)
            {
                html.Append("<tr><th>").Append(Encode(dialer)).Append("</th>");
                foreach (string listener in table.Listeners)
                {
                    table.Cells.TryGetValue((dialer, listener), out InteropTestResult? cell);
                    string state = MatrixLayout.State(cell);
                    html.Append("<td class=\"").Append(state).Append('"');
                    if (cell is not null)
                    {
                        html.Append(" title=\"").Append(Encode(Details(cell))).Append('"');
                    }
                    html.Append('>').Append(Encode(Label(cell, state))).Append("</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Label(InteropTestResult? cell, string state) => state switch
    {
        "pass" => string.Create(CultureInfo.InvariantCulture, $"{cell!.HandshakePlusOneRttMillis:0.#} / {cell.PingRttMillis:0.##}"),
        "fail" => "failed",
        "known" => "known failure",
        "notrun" => "not run",
        _ => "—",
    };

    private static string Details(InteropTestResult r)
    {
        var text = new StringBuilder(r.Test.Name);
        if (r.Reason is not null)
        {
            text.Append('\n').Append(r.Reason);
        }
        if (r.KnownFailure is not null)
        {
            text.Append("\nknown failure: ").Append(r.KnownFailure);
        }
        if (r.HandshakePlusOneRttMillis is double h)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nhandshake + 1 RTT: {h:0.###} ms\nping RTT: {r.PingRttMillis:0.###} ms");
        }
        if (r.Outcome != InteropOutcome.NotRun)
        {
            text.Append(CultureInfo.InvariantCulture, $"\ntest duration: {r.Duration.TotalMilliseconds:0} ms");
        }
        if (r.DialerExitCode is int d)
        {
            text.Append(CultureInfo.InvariantCulture, $"\ndialer exit code: {d}");
        }
        if (r.ListenerExitCode is int l)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nlistener exit code: {l}");
        }
        return text.ToString();
    }

    private static string Count(IReadOnlyList<InteropTestResult> results, InteropOutcome outcome) =>
        results.Count(r => r.Outcome == outcome).ToString(CultureInfo.InvariantCulture);

    private static string Span(string label, string value) => $"<span><b>{Encode(label)}:</b> {Encode(value)}</span>";

    private static string Encode(string value) => WebUtility.HtmlEncode(value).Replace("\n", "&#10;", StringComparison.Ordinal);
}
