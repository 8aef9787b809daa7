using System.Text.Json;
using System.Text.Json.Nodes;

namespace Libp2p.Perf.Runner;

/// <summary>
/// Writes results.json in libp2p/test-plans' benchmark-results shape (<c>benchmarks</c>, <c>pings</c>, <c>iperf</c>;
/// perf/runner/src/benchmark-result-type.ts, camelCase as the published data) plus our summaries, ratios and milestones.
/// </summary>
public static class ResultsWriter
{
    /// <summary>The JSON document of <paramref name="report"/>.</summary>
    public static JsonObject ToJson(PerfReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var benchmarks = new JsonArray();
        foreach (IGrouping<(string Benchmark, long UploadBytes, long DownloadBytes), PerfReport.Run> group in report.Runs.GroupBy(r => (r.Benchmark, r.UploadBytes, r.DownloadBytes)))
        {
            var results = new JsonArray();
            foreach (IGrouping<(string Implementation, string TransportStack), PerfReport.Run> impl in group.GroupBy(r => (r.Implementation, r.TransportStack)))
            {
                var samples = new JsonArray();
                foreach (PerfReport.Run run in impl)
                {
                    foreach (PerfSample s in run.Samples)
                    {
                        samples.Add(new JsonObject { ["type"] = s.Type, ["timeSeconds"] = s.TimeSeconds, ["uploadBytes"] = s.UploadBytes, ["downloadBytes"] = s.DownloadBytes });
                    }
                }
                results.Add(new JsonObject { ["implementation"] = impl.Key.Implementation, ["version"] = VersionOf(impl.Key.Implementation), ["transportStack"] = impl.Key.TransportStack, ["result"] = samples });
            }
            benchmarks.Add(new JsonObject
            {
                ["name"] = group.Key.Benchmark,
                ["unit"] = group.Key.Benchmark.StartsWith("throughput", StringComparison.Ordinal) ? "bit/s" : "s",
                ["parameters"] = new JsonObject { ["uploadBytes"] = group.Key.UploadBytes, ["downloadBytes"] = group.Key.DownloadBytes },
                ["results"] = results,
            });
        }
        var summaries = new JsonObject
        {
            ["uploadBitsPerSecond"] = Summaries(report.UploadBitsPerSecond),
            ["downloadBitsPerSecond"] = Summaries(report.DownloadBitsPerSecond),
            ["latencySeconds"] = Summaries(report.LatencySeconds),
            ["loopbackBytesPerSecond"] = Summaries(report.LoopbackBytesPerSecond),
        };
        var milestones = new JsonArray();
        foreach ((Milestone m, double? measured, bool? passed) in report.Milestones)
        {
            milestones.Add(new JsonObject
            {
                ["id"] = m.Id, ["title"] = m.Title, ["metric"] = m.Metric, ["comparison"] = m.Comparison, ["target"] = m.Target,
                ["unit"] = m.Unit, ["measured"] = measured, ["status"] = passed switch { true => "pass", false => "fail", null => "not-measured" },
            });
        }
        var metrics = new JsonObject();
        foreach ((string key, double value) in report.Metrics.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            metrics[key] = value;
        }
        return new JsonObject
        {
            ["benchmarks"] = benchmarks,
            ["pings"] = new JsonObject { ["unit"] = "s", ["method"] = "tcp-connect-127.0.0.1", ["results"] = new JsonArray([.. report.PingSeconds.Select(v => (JsonNode)v)]) },
            ["iperf"] = new JsonObject { ["unit"] = "bit/s", ["results"] = new JsonArray([.. report.IperfBitsPerSecond.Select(v => (JsonNode)v)]) },
            ["started"] = report.Started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["quick"] = report.Quick,
            ["machine"] = report.Machine,
            ["transports"] = new JsonArray([.. report.Transports.Select(t => (JsonNode)t)]),
            ["cpuPinning"] = Pinning(report.Pinning),
            ["summaries"] = summaries,
            ["connectionsPerSecond"] = Map(report.ConnectionsPerSecond),
            ["idleConnections"] = report.Idle is { } idle ? JsonSerializer.SerializeToNode(idle) : null,
            ["ratios"] = metrics,
            ["milestones"] = milestones,
            ["micro"] = MicroJson(report.Micro, report.MicroSource),
            ["notes"] = new JsonArray([.. report.Notes.Select(n => (JsonNode)n)]),
        };
    }

    /// <summary>
    /// The <c>micro</c> node: one entry per BenchmarkDotNet case with its mean (ns) and allocated bytes per operation;
    /// null when no micro-benchmarks were run.
    /// </summary>
    public static JsonObject? MicroJson(IReadOnlyList<MicroBenchmarkResult> results, string? source)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return null;
        }
        var cases = new JsonArray();
        foreach (MicroBenchmarkResult r in results)
        {
            cases.Add(new JsonObject
            {
                ["type"] = r.Type, ["method"] = r.Method, ["parameters"] = r.Parameters,
                ["meanNanoseconds"] = r.MeanNanoseconds, ["allocatedBytesPerOperation"] = r.AllocatedBytesPerOperation,
            });
        }
        return new JsonObject { ["source"] = source, ["job"] = "BenchmarkDotNet short job, in-process toolchain, Release", ["results"] = cases };
    }

    /// <summary>
    /// Sets the <c>micro</c> node of an existing results.json at <paramref name="path"/> (after <c>perf --micro</c>
    /// alone); returns false when there is no such file.
    /// </summary>
    public static bool UpdateMicro(string path, IReadOnlyList<MicroBenchmarkResult> results, string? source)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        JsonNode? root = JsonNode.Parse(File.ReadAllText(path));
        if (root is not JsonObject document)
        {
            throw new FormatException($"{path}: not a JSON object");
        }
        document["micro"] = MicroJson(results, source);
        File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return true;
    }

    private static JsonObject? Pinning(CpuPinning? pinning) => pinning is null ? null : new JsonObject
    {
        ["used"] = pinning.Used,
        ["method"] = pinning.Used ? "taskset -c" : null,
        ["serverCpu"] = pinning.ServerCpu,
        ["clientCpu"] = pinning.ClientCpu,
        ["description"] = pinning.Description,
        ["inProcess"] = CpuPinning.InProcessNote,
    };

    /// <summary>Writes the document to <paramref name="path"/>, indented.</summary>
    public static void Write(PerfReport report, string path) =>
        File.WriteAllText(path, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The version label of an implementation ID.</summary>
    public static string VersionOf(string implementation) => implementation switch
    {
        "dotnet" => "reference (this repository)",
        "js-v3" => "js-libp2p 3.3.11",
        "https" => "SslStream .NET",
        _ => "",
    };

    private static JsonObject Map(Dictionary<string, double> values)
    {
        var o = new JsonObject();
        foreach ((string k, double v) in values)
        {
            o[k] = v;
        }
        return o;
    }

    private static JsonObject Summaries(Dictionary<string, List<double>> values)
    {
        var o = new JsonObject();
        foreach ((string key, List<double> list) in values.Where(kv => kv.Value.Count > 0))
        {
            Summary s = Summary.Of(list);
            o[key] = new JsonObject
            {
                ["count"] = s.Count, ["min"] = s.Min, ["q1"] = s.Q1, ["median"] = s.Median, ["q3"] = s.Q3, ["max"] = s.Max,
                ["outliers"] = new JsonArray([.. s.Outliers.Select(v => (JsonNode)v)]),
            };
        }
        return o;
    }
}
