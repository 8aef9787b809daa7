using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;

namespace Libp2p.Perf.Runner;

/// <summary>Renders dashboard.html: SVG charts drawn here with ScottPlot and embedded inline, plus the milestone table.</summary>
public static class Dashboard
{
    private const int Width = 900;
    private const int Height = 380;

    /// <summary>The HTML page of <paramref name="report"/>.</summary>
    public static string Render(PerfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>libp2p perf dashboard</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;max-width:960px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append(".pass{background:#d4f7d4}.fail{background:#f7d4d4}.na{background:#eee}figure{margin:16px 0}</style></head><body>")
            .Append("<h1>libp2p perf dashboard</h1><p>").Append(Enc($"Run started {report.Started:u}; {(report.Quick ? "quick" : "full")} run; {report.Machine}; transports {string.Join(", ", report.Transports)} (milestones on tcp).")).Append("</p>")
            .Append("<p id=\"pinning\">").Append(Enc(report.Pinning is { } pin ? $"{pin.Description} {CpuPinning.InProcessNote}" : "CPU pinning: not decided for this run (no client/server processes).")).Append("</p>");
        html.Append("<h2>Milestones</h2><table id=\"milestones\"><tr><th>ID</th><th>Milestone</th><th>Target</th><th>Measured</th><th>Status</th></tr>");
        foreach ((Milestone m, double? measured, bool? passed) in report.Milestones)
        {
            string cls = passed switch { true => "pass", false => "fail", null => "na" };
            string status = passed switch { true => "pass", false => "fail", null => "not measured" };
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{cls}\"><td>{Enc(m.Id)}</td><td>{Enc(m.Title)}</td><td>{Enc($"{m.Comparison} {m.Target:G4} {m.Unit}")}</td><td>{(measured is { } v ? Enc($"{v:G4} {m.Unit}") : "-")}</td><td>{status}</td></tr>");
        }
        html.Append("</table>");
        SideBySide(html, report);
        Chart(html, "throughput", "Throughput (median per implementation)", ThroughputChart(report));
        Chart(html, "timeseries", "Throughput over time (one upload run per implementation)", TimeSeriesChart(report));
        Chart(html, "latency", "Connection establishment + 1-byte round trip (sorted samples)", LatencyChart(report));
        if (report.LoopbackBytesPerSecond.Count > 0)
        {
            Chart(html, "loopback", "Loopback single-stream throughput per stack", LoopbackChart(report));
        }
        html.Append(MicroSection(report.Micro, report.MicroSource));
        html.Append("<h2>Ratios</h2><table><tr><th>Metric</th><th>Value</th></tr>");
        foreach ((string key, double value) in report.Metrics.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(key)}</td><td>{value:G4}</td></tr>");
        }
        html.Append("</table>");
        if (report.Notes.Count > 0)
        {
            html.Append("<h2>Notes</h2><ul>");
            foreach (string note in report.Notes)
            {
                html.Append("<li>").Append(Enc(note)).Append("</li>");
            }
            html.Append("</ul>");
        }
        return html.Append("</body></html>").ToString();
    }

    /// <summary>
    /// The micro-benchmark section (mean and allocated bytes per operation), between markers so that
    /// <see cref="ReplaceMicroSection"/> can swap it after <c>perf --micro</c> alone.
    /// </summary>
    public static string MicroSection(IReadOnlyList<MicroBenchmarkResult> results, string? source)
    {
        ArgumentNullException.ThrowIfNull(results);
        var html = new StringBuilder(MicroStart).Append("<h2>Micro-benchmarks</h2>");
        if (results.Count == 0)
        {
            return html.Append("<p>Not run (<code>./conformance perf --micro</code>).</p>").Append(MicroEnd).ToString();
        }
        html.Append("<p>").Append(Enc($"BenchmarkDotNet short job, in-process, Release; from {source}.")).Append("</p>")
            .Append("<table id=\"micro\"><tr><th>Benchmark</th><th>Mean</th><th>Allocated / op</th></tr>");
        foreach (MicroBenchmarkResult r in results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(r.Name)}</td><td>{Enc(FormatNanoseconds(r.MeanNanoseconds))}</td><td>{(r.AllocatedBytesPerOperation is { } b ? Enc($"{b:N0} B") : "-")}</td></tr>");
        }
        return html.Append("</table>").Append(MicroEnd).ToString();
    }

    /// <summary>Replaces the micro-benchmark section of a rendered dashboard (or inserts it before <c>&lt;/body&gt;</c>).</summary>
    public static string ReplaceMicroSection(string html, string section)
    {
        ArgumentNullException.ThrowIfNull(html);
        int start = html.IndexOf(MicroStart, StringComparison.Ordinal);
        int end = html.IndexOf(MicroEnd, StringComparison.Ordinal);
        if (start >= 0 && end > start)
        {
            return string.Concat(html.AsSpan(0, start), section, html.AsSpan(end + MicroEnd.Length));
        }
        int body = html.LastIndexOf("</body>", StringComparison.Ordinal);
        return body < 0 ? html + section : string.Concat(html.AsSpan(0, body), section, html.AsSpan(body));
    }

    private const string MicroStart = "<!--micro-start-->";
    private const string MicroEnd = "<!--micro-end-->";

    private static string FormatNanoseconds(double ns) => ns switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F2} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns"),
    };

    private static void Chart(StringBuilder html, string id, string title, Plot plot)
    {
        plot.Title(title);
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"chart-{id}\">").Append(plot.GetSvgXml(Width, Height)).Append("</figure>");
    }

    /// <summary>One row per implementation/transport label: median upload, download and connection + 1-byte round trip.</summary>
    private static void SideBySide(StringBuilder html, PerfReport report)
    {
        string[] labels = report.UploadBitsPerSecond.Keys.Union(report.DownloadBitsPerSecond.Keys).Union(report.LatencySeconds.Keys).ToArray();
        if (labels.Length == 0)
        {
            return;
        }
        static string Median(Dictionary<string, List<double>> map, string key, double scale, string format) =>
            map.TryGetValue(key, out List<double>? v) && v.Count > 0 ? (Summary.Of(v).Median * scale).ToString(format, CultureInfo.InvariantCulture) : "-";
        html.Append("<h2>Side by side (medians)</h2><table id=\"side-by-side\"><tr><th>Implementation / transport</th><th>Upload Gbit/s</th><th>Download Gbit/s</th><th>Connection + 1-byte RTT ms</th></tr>");
        foreach (string label in labels)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(label)}</td><td>{Median(report.UploadBitsPerSecond, label, 1e-9, "F3")}</td><td>{Median(report.DownloadBitsPerSecond, label, 1e-9, "F3")}</td><td>{Median(report.LatencySeconds, label, 1e3, "F2")}</td></tr>");
        }
        html.Append("</table>");
    }

    private static Plot ThroughputChart(PerfReport report)
    {
        var plot = new Plot();
        string[] impls = report.UploadBitsPerSecond.Keys.Union(report.DownloadBitsPerSecond.Keys).ToArray();
        var ticks = new List<Tick>();
        for (int i = 0; i < impls.Length; i++)
        {
            if (report.UploadBitsPerSecond.TryGetValue(impls[i], out List<double>? up) && up.Count > 0)
            {
                plot.Add.Bar(new Bar { Position = (i * 3) + 0, Value = Summary.Of(up).Median / 1e9, FillColor = Colors.SteelBlue });
            }
            if (report.DownloadBitsPerSecond.TryGetValue(impls[i], out List<double>? down) && down.Count > 0)
            {
                plot.Add.Bar(new Bar { Position = (i * 3) + 1, Value = Summary.Of(down).Median / 1e9, FillColor = Colors.Orange });
            }
            ticks.Add(new Tick((i * 3) + 0.5, impls[i]));
        }
        if (report.IperfBitsPerSecond.Count > 0)
        {
            plot.Add.Bar(new Bar { Position = impls.Length * 3, Value = Summary.Of(report.IperfBitsPerSecond).Median / 1e9, FillColor = Colors.Gray });
            ticks.Add(new Tick(impls.Length * 3, "iperf3"));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.YLabel("Gbit/s (blue upload, orange download)");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static Plot TimeSeriesChart(PerfReport report)
    {
        var plot = new Plot();
        foreach (IGrouping<string, PerfReport.Run> impl in report.Runs.Where(r => r.Benchmark == "throughput/upload").GroupBy(r => PerfReport.Label(r.Implementation, r.TransportStack)))
        {
            PerfSample[] samples = impl.MaxBy(r => r.Samples.Count)!.Samples.Where(s => s.Type == PerfSample.Intermediary && s.TimeSeconds > 0).ToArray();
            if (samples.Length == 0)
            {
                continue;
            }
            double[] xs = Enumerable.Range(1, samples.Length).Select(i => (double)i).ToArray();
            double[] ys = samples.Select(s => (s.UploadBytes + s.DownloadBytes) * 8 / s.TimeSeconds / 1e9).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = impl.Key;
        }
        plot.XLabel("second");
        plot.YLabel("Gbit/s");
        plot.ShowLegend();
        return plot;
    }

    private static Plot LatencyChart(PerfReport report)
    {
        var plot = new Plot();
        foreach ((string impl, List<double> values) in report.LatencySeconds.Where(kv => kv.Value.Count > 0))
        {
            double[] ys = values.Order().Select(v => v * 1000).ToArray();
            double[] xs = Enumerable.Range(0, ys.Length).Select(i => 100.0 * (i + 0.5) / ys.Length).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = $"{impl} (median {Summary.Of(values).Median * 1000:F2} ms)";
        }
        plot.XLabel("percentile");
        plot.YLabel("ms");
        plot.Axes.SetLimitsY(0, Math.Max(1, report.LatencySeconds.Values.Where(v => v.Count > 0).Select(v => Summary.Of(v).Q3 * 1000 * 3).DefaultIfEmpty(1).Max()));
        plot.ShowLegend();
        return plot;
    }

    private static Plot LoopbackChart(PerfReport report)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        int i = 0;
        foreach ((string stack, List<double> values) in report.LoopbackBytesPerSecond)
        {
            plot.Add.Bar(new Bar { Position = i, Value = Summary.Of(values).Median / 1e9, FillColor = Colors.SeaGreen });
            ticks.Add(new Tick(i++, stack));
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.YLabel("GB/s");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
