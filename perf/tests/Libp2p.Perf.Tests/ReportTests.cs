using System.Text.Json.Nodes;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class ReportTests
{
    private static PerfReport Sample()
    {
        var report = new PerfReport { Quick = true };
        report.Runs.Add(new PerfReport.Run("throughput/upload", "dotnet", "tcp", 100, 0,
            [new PerfSample(PerfSample.Intermediary, 1, 60, 0), new PerfSample(PerfSample.Final, 1.5, 100, 0)]));
        report.Runs.Add(new PerfReport.Run("throughput/upload", "js-v3", "tcp", 100, 0, [new PerfSample(PerfSample.Final, 3, 100, 0)]));
        foreach (double v in new[] { 8e9, 9e9 })
        {
            PerfReport.Add(report.UploadBitsPerSecond, "dotnet", v);
            PerfReport.Add(report.DownloadBitsPerSecond, "dotnet", v);
            PerfReport.Add(report.UploadBitsPerSecond, "js-v3", v / 4);
            PerfReport.Add(report.DownloadBitsPerSecond, "js-v3", v / 2);
            PerfReport.Add(report.LatencySeconds, "dotnet", v / 1e12);
            PerfReport.Add(report.LatencySeconds, "https", v / 2e12);
        }
        report.IperfBitsPerSecond.AddRange([20e9, 22e9]);
        report.ConnectionsPerSecond["dotnet"] = 700;
        report.Idle = new IdleConnectionsResult(1000, 1000, 20_000, 30_000, 40_000);
        report.Evaluate(MilestoneFile.Parse(File.ReadAllText(Path.Combine(MilestoneTests.RepoRoot(), "perf", "milestones.yaml"))));
        return report;
    }

    [Test]
    public void Evaluate_derives_the_ratios_and_statuses()
    {
        PerfReport report = Sample();
        Assert.Multiple(() =>
        {
            Assert.That(report.Metrics["throughput.dotnet_over_js"], Is.EqualTo(2).Within(1e-9), "min of upload 4x and download 2x");
            Assert.That(report.Metrics["latency.dotnet_over_https"], Is.EqualTo(2).Within(1e-9));
            Assert.That(report.Milestones.Single(m => m.Milestone.Id == "M1").Passed, Is.False);
            Assert.That(report.Milestones.Single(m => m.Milestone.Id == "M4").Passed, Is.True);
            Assert.That(report.Milestones.Single(m => m.Milestone.Id == "M5b").Measured, Is.EqualTo(40_000));
        });
    }

    [Test]
    public void Results_json_has_the_upstream_shape_plus_ratios()
    {
        JsonObject json = ResultsWriter.ToJson(Sample());
        JsonArray benchmarks = json["benchmarks"]!.AsArray();
        JsonObject upload = benchmarks.Single(b => (string?)b!["name"] == "throughput/upload")!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That((string?)upload["unit"], Is.EqualTo("bit/s"));
            Assert.That((long?)upload["parameters"]!["uploadBytes"], Is.EqualTo(100));
            Assert.That(upload["results"]!.AsArray().Select(r => (string?)r!["implementation"]), Is.EqualTo(new[] { "dotnet", "js-v3" }));
            Assert.That((string?)upload["results"]![0]!["result"]![1]!["type"], Is.EqualTo("final"));
            Assert.That((string?)json["pings"]!["unit"], Is.EqualTo("s"));
            Assert.That(json["iperf"]!["results"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That((double?)json["ratios"]!["throughput.dotnet_over_js"], Is.EqualTo(2).Within(1e-9));
            Assert.That(json["milestones"]!.AsArray().Select(m => (string?)m!["status"]), Has.Member("fail").And.Member("pass"));
            Assert.That((double?)json["summaries"]!["uploadBitsPerSecond"]!["dotnet"]!["median"], Is.EqualTo(8.5e9));
        });
    }

    [Test]
    public void Dashboard_embeds_svg_charts_and_the_milestone_table()
    {
        string html = Dashboard.Render(Sample());
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<table id=\"milestones\">"));
            Assert.That(html, Does.Contain("M5b"));
            Assert.That(html, Does.Contain("<td>fail</td>").And.Contain("<td>pass</td>"));
            foreach (string chart in new[] { "throughput", "timeseries", "latency" })
            {
                int at = html.IndexOf($"id=\"chart-{chart}\"", StringComparison.Ordinal);
                Assert.That(at, Is.GreaterThan(0), chart);
                Assert.That(html.IndexOf("<svg", at, StringComparison.Ordinal), Is.GreaterThan(at), chart + " has an inline SVG");
            }
        });
    }

    [Test]
    public void Ws_runs_sit_beside_tcp_with_their_own_ratios_and_milestones_stay_on_tcp()
    {
        var report = new PerfReport { Pinning = CpuPinning.Decide(true, [0, 1], "/usr/bin/taskset") };
        report.Transports.Add("ws");
        report.Runs.Add(new PerfReport.Run("throughput/upload", "dotnet", "ws", 100, 0, [new PerfSample(PerfSample.Final, 2, 100, 0)]));
        report.Runs.Add(new PerfReport.Run("throughput/upload", "dotnet", "tcp", 100, 0, [new PerfSample(PerfSample.Final, 1, 100, 0)]));
        foreach ((string label, double bits) in new[] { ("dotnet", 8e9), ("js-v3", 2e9), (PerfReport.Label("dotnet", "ws"), 4e9), (PerfReport.Label("js-v3", "ws"), 1e9) })
        {
            PerfReport.Add(report.UploadBitsPerSecond, label, bits);
            PerfReport.Add(report.DownloadBitsPerSecond, label, bits);
        }
        report.Evaluate(MilestoneFile.Parse(File.ReadAllText(Path.Combine(MilestoneTests.RepoRoot(), "perf", "milestones.yaml"))));
        JsonObject json = ResultsWriter.ToJson(report);
        JsonArray upload = json["benchmarks"]!.AsArray().Single(b => (string?)b!["name"] == "throughput/upload")!["results"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(PerfReport.Label("js-v3", "ws"), Is.EqualTo("js-v3/ws"));
            Assert.That(PerfReport.Label("js-v3", "tcp"), Is.EqualTo("js-v3"));
            Assert.That(report.Metrics["throughput.dotnet_over_js"], Is.EqualTo(4).Within(1e-9));
            Assert.That(report.Metrics["throughput.ws.dotnet_over_js"], Is.EqualTo(4).Within(1e-9));
            Assert.That(report.Metrics["throughput.ws.dotnet_over_dotnet_tcp"], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(report.Milestones.Single(m => m.Milestone.Id == "M1").Measured, Is.EqualTo(4).Within(1e-9));
            Assert.That(upload.Select(r => (string?)r!["transportStack"]), Is.EquivalentTo(new[] { "ws", "tcp" }));
            Assert.That(json["transports"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "tcp", "ws" }));
            Assert.That((bool?)json["cpuPinning"]!["used"], Is.True);
            Assert.That((int?)json["cpuPinning"]!["clientCpu"], Is.EqualTo(1));
            Assert.That((string?)json["cpuPinning"]!["inProcess"], Does.Contain("cannot be pinned"));
        });
        string html = Dashboard.Render(report);
        Assert.That(html, Does.Contain("server processes on CPU 0, client processes on CPU 1").And.Contain("dotnet/ws"));
    }

    [Test]
    public void Quic_runs_get_ratios_to_our_tcp_and_to_the_rust_quic_peer_and_a_side_by_side_row()
    {
        var report = new PerfReport();
        report.Transports.Add("quic-v1");
        foreach ((string label, double up, double down) in new[] { ("dotnet", 8e9, 6e9), (PerfReport.Label("dotnet", "quic-v1"), 2e9, 3e9), (PerfReport.Label("js-v3", "quic-v1"), 4e9, 2e9) })
        {
            PerfReport.Add(report.UploadBitsPerSecond, label, up);
            PerfReport.Add(report.DownloadBitsPerSecond, label, down);
        }
        PerfReport.Add(report.LatencySeconds, "dotnet", 0.004);
        PerfReport.Add(report.LatencySeconds, PerfReport.Label("dotnet", "quic-v1"), 0.003);
        report.Evaluate([]);
        Assert.Multiple(() =>
        {
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_dotnet_tcp.upload"], Is.EqualTo(0.25).Within(1e-9));
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_dotnet_tcp.download"], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_dotnet_tcp"], Is.EqualTo(0.25).Within(1e-9), "the worse direction");
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_js.upload"], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_js.download"], Is.EqualTo(1.5).Within(1e-9));
            Assert.That(report.Metrics["throughput.quic-v1.dotnet_over_js"], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(report.Metrics["latency.quic-v1.dotnet_median_ms"], Is.EqualTo(3).Within(1e-9));
            Assert.That(report.Metrics["latency.quic-v1.dotnet_over_dotnet_tcp"], Is.EqualTo(0.75).Within(1e-9));
        });
        string html = Dashboard.Render(report);
        int table = html.IndexOf("<table id=\"side-by-side\">", StringComparison.Ordinal);
        Assert.That(table, Is.GreaterThan(0));
        Assert.That(html.IndexOf("<tr><td>dotnet/quic-v1</td><td>2.000</td><td>3.000</td><td>3.00</td></tr>", table, StringComparison.Ordinal), Is.GreaterThan(table));
        Assert.That(html.IndexOf("<tr><td>js-v3/quic-v1</td><td>4.000</td><td>2.000</td><td>-</td></tr>", table, StringComparison.Ordinal), Is.GreaterThan(table));
    }
}
