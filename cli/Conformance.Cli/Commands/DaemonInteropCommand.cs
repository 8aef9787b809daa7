using System.CommandLine;
using Libp2p.Daemon.Interop;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>daemon-interop</c>: runs js-libp2p's interop suite (@libp2p/interop@14.0.16) with our daemon in its go slot,
/// against js-libp2p's daemon-server and against itself; prints mocha's output, a per-test list and the totals, and
/// writes <c>results/interop/daemon-suite.json</c>.
/// </summary>
internal static class DaemonInteropCommand
{
    public static Command Create()
    {
        var groups = new Option<string>("--groups")
        {
            Description = "Suite groups, comma-separated: connect, streams, dht, pubsub, relay",
            DefaultValueFactory = _ => "connect,streams",
        };
        var pairings = new Option<string>("--pairings")
        {
            Description = "ours-js (our daemon vs js-libp2p, both directions) and/or ours-ours",
            DefaultValueFactory = _ => "ours-js,ours-ours",
        };
        var output = new Option<string?>("--out") { Description = "Results file (default results/interop/daemon-suite.json)" };
        var timeout = new Option<double>("--timeout") { Description = "Minutes allowed per pairing", DefaultValueFactory = _ => 20 };
        var parallel = new Option<bool>("--parallel") { Description = "Run the pairings side by side (faster on an idle machine; the suite's fixed hook timeouts can trip on a loaded one)" };
        var command = new Command("daemon-interop", "Run js-libp2p's @libp2p/interop suite against our daemon (go slot) and js-libp2p (js slot).");
        command.Options.Add(groups);
        command.Options.Add(pairings);
        command.Options.Add(output);
        command.Options.Add(timeout);
        command.Options.Add(parallel);
        command.SetAction((parse, token) => RunAsync(Split(parse.GetValue(groups)), Split(parse.GetValue(pairings)), parse.GetValue(output), parse.GetValue(timeout), parse.GetValue(parallel), token));
        return command;
    }

    /// <summary>The command that starts this CLI's <c>daemon</c> command, as the suite's factory runs it.</summary>
    internal static IReadOnlyList<string> SelfDaemonCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [host, typeof(DaemonInteropCommand).Assembly.Location, "daemon"]
            : [host, "daemon"];
    }

    private static async Task<int> RunAsync(string[] groups, string[] pairings, string? output, double timeoutMinutes, bool parallel, CancellationToken cancellationToken)
    {
        try
        {
            var options = new DaemonInteropOptions
            {
                Groups = groups,
                Pairings = pairings,
                DaemonCommand = SelfDaemonCommand(),
                SuiteDirectory = RepoPaths.Combine("containers", "daemon-interop"),
                Timeout = TimeSpan.FromMinutes(timeoutMinutes),
                Parallel = parallel,
            };
            DaemonInteropReport report = await DaemonInteropSuite.RunAsync(options, Console.Out, cancellationToken).ConfigureAwait(false);
            string path = output ?? RepoPaths.Combine("results", "interop", "daemon-suite.json");
            DaemonInteropSuite.WriteJson(report, path);
            Console.Out.WriteLine();
            Console.Out.WriteLine("daemon-interop results (ours = this stack's daemon, js = js-libp2p daemon-server):");
            foreach (DaemonInteropTest test in report.Tests)
            {
                string sides = test.From is null ? "" : $"{test.From} -> {test.To}  ";
                string error = test.Error is null ? "" : $"  ({test.Error})";
                Console.Out.WriteLine($"  {test.State,-8}[{test.Pairing}] {sides}{test.Title}{error}");
            }
            foreach (string error in report.RunErrors)
            {
                Console.Out.WriteLine($"  run error: {error}");
            }
            Console.Out.WriteLine($"results: {path}");
            Console.Out.WriteLine($"{report.Passed} passed, {report.Failed} failed, {report.Pending} pending");
            return report.Succeeded ? 0 : 1;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e);
        }
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
