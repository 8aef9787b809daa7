using System.Text;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary>
/// The Markdown matrix in test-plans' <c>renderResults.ts</c> format: one table per option tuple headed
/// <c>## Using: &lt;transport&gt;, &lt;sec&gt;, &lt;muxer&gt;</c>, rows = dialer, columns = listener, cells
/// <c>:green_circle:</c> / <c>:red_circle:</c> / <c>:yellow_circle:</c> (known failure) / <c>:white_circle:</c> (not
/// tested), then "Known errors now passing" and "Mark all errors as known" sections; plus our "Not run" list.
/// </summary>
public static class MatrixMarkdown
{
    /// <summary>Upstream's corner cell.</summary>
    public const string Corner = "⬇️ dialer 📞 \\  ➡️ listener 🎧";

    /// <summary>Renders the Markdown.</summary>
    public static string Render(IReadOnlyList<InteropTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var md = new StringBuilder();
        foreach (MatrixLayout table in MatrixLayout.Build(results))
        {
            md.Append("## Using: ").Append(table.Options).Append("\n\n");
            md.Append("| ").Append(Corner).Append(" | ").AppendJoin(" | ", table.Listeners).Append(" |\n");
            md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", table.Listeners.Count))).Append('\n');
            foreach (string dialer in table.Dialers)
            {
                md.Append("| ").Append(dialer).Append(" |");
                foreach (string listener in table.Listeners)
                {
                    table.Cells.TryGetValue((dialer, listener), out InteropTestResult? cell);
                    md.Append(' ').Append(Emoji(MatrixLayout.State(cell))).Append(" |");
                }
                md.Append('\n');
            }
            md.Append('\n');
        }
        List<InteropTestResult> nowPassing = results.Where(r => r.Outcome == InteropOutcome.Success && r.KnownFailure is not null).ToList();
        if (nowPassing.Count > 0)
        {
            md.Append("## Known errors now passing\n\n");
            foreach (InteropTestResult result in nowPassing)
            {
                md.Append("- ").Append(result.Test.Name).Append('\n');
            }
            md.Append('\n');
        }
        List<InteropTestResult> failed = results.Where(r => r.Outcome == InteropOutcome.Failure).ToList();
        if (failed.Count > 0)
        {
            md.Append("## Mark all errors as known\n\n```\n")
              .AppendJoin('|', failed.Select(r => System.Text.RegularExpressions.Regex.Escape(r.Test.Name)))
              .Append("\n```\n\n");
        }
        List<InteropTestResult> notRun = results.Where(r => r.Outcome == InteropOutcome.NotRun).ToList();
        if (notRun.Count > 0)
        {
            md.Append("## Not run\n\n");
            foreach (IGrouping<string?, InteropTestResult> reason in notRun.GroupBy(r => r.Reason))
            {
                md.Append("- ").Append(reason.Key).Append(": ").Append(reason.Count()).Append(" test(s)\n");
            }
            md.Append('\n');
        }
        return md.ToString();
    }

    private static string Emoji(string state) => state switch
    {
        "pass" => ":green_circle:",
        "fail" => ":red_circle:",
        "known" => ":yellow_circle:",
        _ => ":white_circle:",
    };
}
