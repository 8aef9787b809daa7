using System.Text.Json.Nodes;
using CsCheck;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class MicroBenchmarksTests
{
    // The shape BenchmarkDotNet's full JSON exporter writes (trimmed to the fields read).
    private const string Report = """
        {"Title":"Libp2p.Benchmarks.Muxers.YamuxStreamBenchmarks-20261124-020000","Benchmarks":[
          {"Namespace":"Libp2p.Benchmarks.Muxers","Type":"YamuxStreamBenchmarks","Method":"OneFrame","Parameters":"Muxer=yamux",
           "Statistics":{"Mean":5123.5,"Median":5000},"Memory":{"Gen0Collections":0,"TotalOperations":1024,"BytesAllocatedPerOperation":0}},
          {"Namespace":"Libp2p.Benchmarks.Muxers","Type":"YamuxStreamBenchmarks","Method":"Transfer8MiB","Parameters":"Muxer=yamux",
           "Statistics":null,"Memory":{"BytesAllocatedPerOperation":100}},
          {"Namespace":"Libp2p.Benchmarks.Multiformats","Type":"VarintBenchmarks","Method":"Encode","Parameters":"",
           "Statistics":{"Mean":2.25}}
        ]}
        """;

    [Test]
    public void Reports_give_mean_and_allocation_and_skip_failed_cases()
    {
        IReadOnlyList<MicroBenchmarkResult> results = MicroBenchmarks.Parse(Report, "r.json");
        Assert.That(results, Is.EqualTo(new[]
        {
            new MicroBenchmarkResult("YamuxStreamBenchmarks", "OneFrame", "Muxer=yamux", 5123.5, 0),
            new MicroBenchmarkResult("VarintBenchmarks", "Encode", "", 2.25, null),
        }));
        Assert.That(results[0].Name, Is.EqualTo("YamuxStreamBenchmarks.OneFrame [Muxer=yamux]"));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("{\"Benchmarks\":{}}")]
    [TestCase("{\"Benchmarks\":[{\"Statistics\":{\"Mean\":1}}]}")]
    [TestCase("{\"Benchmarks\":[{\"Type\":\"T\",\"Method\":\"M\",\"Statistics\":{\"Mean\":1},\"Memory\":{\"BytesAllocatedPerOperation\":1.5}}]}")]
    public void Malformed_reports_are_format_errors_naming_the_file(string json) =>
        Assert.That(() => MicroBenchmarks.Parse(json, "bad.json"), Throws.TypeOf<FormatException>().With.Message.Contains("bad.json"));

    [Test]
    public void Parser_only_ever_returns_results_or_format_errors() =>
        Gen.OneOf(Gen.String, Gen.String[Gen.Char["{}[]\":,0123456789.BenchmarksTypeMethodStatisticsMean"], 0, 80].Select(s => "{\"Benchmarks\":[" + s))
            .Sample(json =>
            {
                try
                {
                    return MicroBenchmarks.Parse(json, "x").All(r => r.Type.Length >= 0);
                }
                catch (FormatException)
                {
                    return true;
                }
            });

    [Test]
    public void Load_reads_the_latest_reports_of_a_micro_directory()
    {
        string dir = Directory.CreateTempSubdirectory("perf-micro-").FullName;
        try
        {
            Assert.That(MicroBenchmarks.Load(dir).Results, Is.Empty);
            Directory.CreateDirectory(Path.Combine(dir, "results"));
            File.WriteAllText(Path.Combine(dir, "results", "A-report-full.json"), Report);
            File.WriteAllText(Path.Combine(dir, "results", "A-report.csv"), "not json");
            (IReadOnlyList<MicroBenchmarkResult> results, string? source) = MicroBenchmarks.Load(dir);
            Assert.That(results.Select(r => r.Method), Is.EqualTo(new[] { "Encode", "OneFrame" }));
            Assert.That(source, Does.Contain("1 report files"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Micro_results_are_folded_into_results_json_and_the_dashboard()
    {
        IReadOnlyList<MicroBenchmarkResult> results = MicroBenchmarks.Parse(Report, "r.json");
        string path = Path.Combine(Directory.CreateTempSubdirectory("perf-json-").FullName, "results.json");
        try
        {
            Assert.That(ResultsWriter.UpdateMicro(path, results, "src"), Is.False, "no results.json yet");
            File.WriteAllText(path, "{\"benchmarks\":[],\"micro\":null}");
            Assert.That(ResultsWriter.UpdateMicro(path, results, "src"), Is.True);
            JsonNode json = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.That(json["micro"]!["results"]!.AsArray().Select(r => (long?)r!["allocatedBytesPerOperation"]), Is.EqualTo(new long?[] { 0, null }));
            Assert.That(json["benchmarks"], Is.Not.Null, "the rest of the document is kept");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
        string empty = Dashboard.Render(new PerfReport());
        Assert.That(empty, Does.Contain("Not run"));
        string updated = Dashboard.ReplaceMicroSection(empty, Dashboard.MicroSection(results, "src"));
        Assert.Multiple(() =>
        {
            Assert.That(updated, Does.Not.Contain("Not run"));
            Assert.That(updated, Does.Contain("YamuxStreamBenchmarks.OneFrame [Muxer=yamux]").And.Contain("5.12 &#181;s").And.Contain("0 B"));
            Assert.That(Dashboard.ReplaceMicroSection(updated, Dashboard.MicroSection(results, "src")), Is.EqualTo(updated), "replacing is idempotent");
            Assert.That(Dashboard.ReplaceMicroSection("<html><body></body></html>", "<p>m</p>"), Is.EqualTo("<html><body><p>m</p></body></html>"));
        });
    }
}
