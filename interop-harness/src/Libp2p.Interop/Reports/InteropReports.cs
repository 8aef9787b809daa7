using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary>Writes the four report files of a run into one directory (<c>results/interop/</c> by default).</summary>
public static class InteropReports
{
    /// <summary>Writes results.csv, matrix.md, results.json and index.html; returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(string directory, IReadOnlyList<InteropTestResult> results, string runtime, DateTimeOffset generated)
    {
        Directory.CreateDirectory(directory);
        var files = new (string Name, string Text)[]
        {
            ("results.csv", ResultsCsv.Render(results)),
            ("matrix.md", MatrixMarkdown.Render(results)),
            ("results.json", ResultsJson.Render(results, runtime, generated)),
            ("index.html", HtmlReport.Render(results, runtime, generated)),
        };
        var paths = new List<string>();
        foreach ((string name, string text) in files)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            paths.Add(path);
        }
        return paths;
    }
}
