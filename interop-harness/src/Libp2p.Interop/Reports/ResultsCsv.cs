using System.Text;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary>
/// test-plans' <c>results.csv</c>: header <c>name,outcome</c>, outcome <c>success</c> or <c>failure</c>, one line per
/// test that ran (shard files concatenate). Names containing commas are quoted per RFC 4180.
/// </summary>
public static class ResultsCsv
{
    /// <summary>Renders the CSV text; tests that did not run are left out (they are in results.json).</summary>
    public static string Render(IReadOnlyList<InteropTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder("name,outcome\n");
        foreach (InteropTestResult result in results.Where(r => r.Outcome != InteropOutcome.NotRun))
        {
            text.Append(Quote(result.Test.Name)).Append(',').Append(result.Outcome == InteropOutcome.Success ? "success" : "failure").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Parses a results.csv (possibly several concatenated, repeated headers skipped) into (name, outcome) pairs.</summary>
    public static IReadOnlyList<(string Name, string Outcome)> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var rows = new List<(string, string)>();
        foreach (string raw in csv.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line == "name,outcome")
            {
                continue;
            }
            int comma = line.LastIndexOf(',');
            if (comma < 0)
            {
                throw new FormatException($"results.csv line without a comma: '{line}'");
            }
            string name = line[..comma];
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
            {
                name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
            }
            rows.Add((name, line[(comma + 1)..]));
        }
        return rows;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
