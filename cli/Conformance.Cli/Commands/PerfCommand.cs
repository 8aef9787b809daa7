using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Libp2p.Perf.Runner;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>perf</c>: the perf runner (issue 7): ours vs js-libp2p vs iperf3 and an SslStream baseline, alternating, with
/// results/perf/results.json and dashboard.html; <c>--loopback-throughput</c> adds the connection-stack comparison;
/// <c>--micro</c> runs the BenchmarkDotNet project with a short job.
/// </summary>
internal static class PerfCommand
{
    public static Command Create()
    {
        var impls = new Option<string>("--impls") { Description = "Comma-separated implementations: dotnet, js-v3", DefaultValueFactory = _ => "dotnet,js-v3" };
        var quick = new Option<bool>("--quick") { Description = "Small sizes and few iterations (under 5 minutes)" };
        var micro = new Option<bool>("--micro") { Description = "Run the BenchmarkDotNet micro-benchmarks (short job) instead" };
        var loopback = new Option<bool>("--loopback-throughput") { Description = "Only the connection-stack checks: raw TCP vs TCP+Noise+yamux vs TCP+TLS+yamux (1 GiB, 256 MiB with --quick), idle memory, 1,000 connections" };
        var output = new Option<string?>("--output") { Description = "Output directory (default results/perf)" };
        var command = new Command("perf", "Measure throughput, latency and handshake rate of ours, js-libp2p and baselines; write results/perf/results.json and dashboard.html.");
        command.Options.Add(impls);
        command.Options.Add(quick);
        command.Options.Add(micro);
        command.Options.Add(loopback);
        command.Options.Add(output);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(impls)!, parse.GetValue(quick), parse.GetValue(micro), parse.GetValue(loopback), parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> RunAsync(string impls, bool quick, bool micro, bool loopback, string? output, CancellationToken cancellationToken)
    {
        try
        {
            if (micro)
            {
                return await RunMicroAsync(cancellationToken).ConfigureAwait(false);
            }
            string dll = Assembly.GetEntryAssembly()!.Location;
            string host = Environment.ProcessPath!;
            IReadOnlyList<string> self = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, dll] : [host];
            var run = new PerfRun(new PerfRunOptions
            {
                Implementations = impls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
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

    private static async Task<int> RunMicroAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (string a in new[] { "run", "-c", "Release", "--project", RepoPaths.Combine("perf", "benchmarks", "Libp2p.Benchmarks", "Libp2p.Benchmarks.csproj"), "--", "--job", "short", "--filter", "*", "--artifacts", RepoPaths.Combine("results", "perf", "micro") })
        {
            psi.ArgumentList.Add(a);
        }
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }
}
