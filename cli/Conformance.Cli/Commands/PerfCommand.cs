using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Libp2p.Perf.Runner;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>perf</c>: the perf runner (issue 7): ours vs js-libp2p vs iperf3 and an SslStream baseline, alternating, with
/// results/perf/results.json and dashboard.html, over tcp, ws and quic-v1 side by side, server and client processes pinned to
/// different CPUs when possible; <c>--loopback-throughput</c> adds the connection-stack comparison; <c>--micro</c>
/// runs the BenchmarkDotNet project in-process with a short job and folds its results into the same files.
/// </summary>
internal static class PerfCommand
{
    public static Command Create()
    {
        var impls = new Option<string>("--impls") { Description = "Comma-separated implementations: dotnet, js-v3", DefaultValueFactory = _ => "dotnet,js-v3" };
        var transports = new Option<string>("--transports") { Description = "Comma-separated transports measured side by side: tcp, ws, quic-v1 (tcp and ws with Noise + yamux; quic-v1 is our managed QUIC vs js-v3's @chainsafe/libp2p-quic, i.e. rust's quinn; milestones M* use tcp, Q* compare quic-v1)", DefaultValueFactory = _ => "tcp,ws,quic-v1" };
        var pin = new Option<bool>("--pin") { Description = "Pin server processes to one CPU and client processes to another with taskset (when >= 2 CPUs and taskset exist); --pin false to share cores", DefaultValueFactory = _ => true };
        var microFilter = new Option<string>("--micro-filter") { Description = "With --micro: BenchmarkDotNet filter glob", DefaultValueFactory = _ => "*" };
        var microArtifacts = new Option<string?>("--micro-artifacts") { Description = "With --micro: dotnet --artifacts-path for the Release build (default artifacts/perf-micro)" };
        var quick = new Option<bool>("--quick") { Description = "Small sizes and few iterations (under 5 minutes)" };
        var micro = new Option<bool>("--micro") { Description = "Run the BenchmarkDotNet micro-benchmarks (Release, in-process, short job) into results/perf/micro and fold them into results.json and dashboard.html" };
        var loopback = new Option<bool>("--loopback-throughput") { Description = "Only the connection-stack checks: raw TCP vs TCP+Noise+yamux vs TCP+TLS+yamux (1 GiB, 256 MiB with --quick), idle memory, 1,000 connections" };
        var output = new Option<string?>("--output") { Description = "Output directory (default results/perf)" };
        var command = new Command("perf", "Measure throughput, latency and handshake rate of ours, js-libp2p and baselines; write results/perf/results.json and dashboard.html.");
        command.Options.Add(impls);
        command.Options.Add(transports);
        command.Options.Add(pin);
        command.Options.Add(microFilter);
        command.Options.Add(microArtifacts);
        command.Options.Add(quick);
        command.Options.Add(micro);
        command.Options.Add(loopback);
        command.Options.Add(output);
        command.SetAction((parse, token) => parse.GetValue(micro)
            ? RunMicroAsync(parse.GetValue(microFilter)!, parse.GetValue(microArtifacts), parse.GetValue(output), token)
            : RunAsync(parse.GetValue(impls)!, parse.GetValue(transports)!, parse.GetValue(pin), parse.GetValue(quick), parse.GetValue(loopback), parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> RunAsync(string impls, string transports, bool pin, bool quick, bool loopback, string? output, CancellationToken cancellationToken)
    {
        try
        {
            string dll = Assembly.GetEntryAssembly()!.Location;
            string host = Environment.ProcessPath!;
            IReadOnlyList<string> self = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, dll] : [host];
            var run = new PerfRun(new PerfRunOptions
            {
                Implementations = impls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Transports = transports.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Pin = pin,
                Quick = quick,
                LoopbackOnly = loopback,
                SelfCommand = self,
                RepoRoot = RepoPaths.Root,
                OutputDirectory = output ?? RepoPaths.Combine("results", "perf"),
                Log = Console.Error,
            });
            PerfReport report = await run.RunAsync(cancellationToken).ConfigureAwait(false);
            foreach ((string key, double value) in report.Metrics.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key} = {value:G4}"));
            }
            foreach ((Milestone m, double? measured, bool? passed) in report.Milestones)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Id}: {(passed switch { true => "pass", false => "FAIL", null => "not measured" })} ({m.Metric} = {measured?.ToString("G4", CultureInfo.InvariantCulture) ?? "-"}, target {m.Comparison} {m.Target})"));
            }
            Console.Out.WriteLine($"wrote {Path.Combine(output ?? RepoPaths.Combine("results", "perf"), "results.json")} and dashboard.html");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CliFailure.Report(e);
        }
    }

    private static async Task<int> RunMicroAsync(string filter, string? artifacts, string? output, CancellationToken cancellationToken)
    {
        try
        {
            string outputDirectory = output ?? RepoPaths.Combine("results", "perf");
            string microDirectory = Path.Combine(outputDirectory, "micro");
            int exit = await MicroBenchmarks.RunAsync(RepoPaths.Root, microDirectory, artifacts ?? RepoPaths.Combine("artifacts", "perf-micro"), filter, Console.Error, cancellationToken).ConfigureAwait(false);
            (IReadOnlyList<MicroBenchmarkResult> results, string? source) = MicroBenchmarks.Load(microDirectory);
            foreach (MicroBenchmarkResult r in results)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name}: mean {r.MeanNanoseconds:F1} ns, allocated {r.AllocatedBytesPerOperation?.ToString(CultureInfo.InvariantCulture) ?? "-"} B/op"));
            }
            string json = Path.Combine(outputDirectory, "results.json");
            string dashboard = Path.Combine(outputDirectory, "dashboard.html");
            if (ResultsWriter.UpdateMicro(json, results, source) && File.Exists(dashboard))
            {
                string html = await File.ReadAllTextAsync(dashboard, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(dashboard, Dashboard.ReplaceMicroSection(html, Dashboard.MicroSection(results, source)), cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine($"folded {results.Count} micro-benchmark results into {json} and dashboard.html");
            }
            else
            {
                Console.Out.WriteLine($"{results.Count} micro-benchmark results in {microDirectory}; the next ./conformance perf run folds them into results.json and dashboard.html");
            }
            return exit;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CliFailure.Report(e);
        }
    }
}
