namespace Libp2p.Conformance.Reporting;

/// <summary>Writes the three report files (<c>junit.xml</c>, <c>results.json</c>, <c>index.html</c>) into a folder.</summary>
public static class ReportWriter
{
    /// <summary>The default report folder, relative to the repository root.</summary>
    public const string DefaultDirectory = "results/conformance";

    /// <summary>Creates <paramref name="directory"/> if needed and writes every format there; returns the HTML path.</summary>
    public static string WriteAll(ConformanceReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, JUnitReportWriter.FileName), s => JUnitReportWriter.Write(report, s));
        foreach (TargetReport target in report.Targets)
        {
            ConformanceReport single = report with { Targets = [target] };
            WriteAtomically(Path.Combine(directory, PerTargetJUnitFileName(target.TargetId)), s => JUnitReportWriter.Write(single, s));
        }
        WriteAtomically(Path.Combine(directory, JsonReportWriter.FileName), s => JsonReportWriter.Write(report, s));
        string html = Path.Combine(directory, HtmlReportWriter.FileName);
        WriteAtomically(html, s => HtmlReportWriter.Write(report, s));
        return html;
    }

    /// <summary>The JUnit file of one target, e.g. <c>junit-wire_js-v3.xml</c>, for a CI that gates on that target alone.</summary>
    public static string PerTargetJUnitFileName(string targetId) =>
        "junit-" + string.Concat(targetId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".xml";

    // A reader (CI upload, browser) never sees a half-written file.
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
        }
        File.Move(temp, path, overwrite: true);
    }
}
