using System.CommandLine;
using System.Globalization;
using Libp2p.Interop.Docker;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Netns;
using Libp2p.Interop.Node;
using Libp2p.Interop.Redis;
using Libp2p.Interop.Reports;
using Libp2p.Interop.Results;
using Libp2p.Interop.Runtime;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>interop</c>: generates the transport-interop matrix from <c>interop-harness/implementations.yaml</c> as
/// test-plans' generator does, runs it on a runtime and writes results.csv, matrix.md, results.json and index.html.
/// Exit code 1 on any failure not listed in the known-failures file.
/// </summary>
internal static class InteropCommand
{
    public static Command Create()
    {
        var impls = new Option<string?>("--impls") { Description = "Implementation ids to include, comma-separated (default: all in the implementations file)" };
        var transports = new Option<string?>("--transports") { Description = "Transports to include, comma-separated (default: all)" };
        var runtime = new Option<string>("--runtime") { Description = "Runtime: process (local processes; browser tests in a private namespace), netns (each node in its own network namespace on a bridge, root), docker (Testcontainers; needs a reachable Docker engine)", DefaultValueFactory = _ => RuntimeKinds.Process };
        var delay = new Option<int>("--delay-ms") { Description = "netns runtime: one-way delay added between the two nodes, in ms (RTT grows by twice this)", DefaultValueFactory = _ => 0 };
        var loss = new Option<double>("--loss-percent") { Description = "netns runtime: random packet loss per direction between the two nodes, in percent", DefaultValueFactory = _ => 0 };
        var nameFilter = new Option<string?>("--name-filter") { Description = "Keep tests whose name contains any of these pipe-separated substrings" };
        var nameIgnore = new Option<string?>("--name-ignore") { Description = "Drop tests whose name contains any of these pipe-separated substrings" };
        var workers = new Option<int>("--workers") { Description = "Tests run in parallel (test-plans' WORKER_COUNT)", DefaultValueFactory = _ => 2 };
        var timeout = new Option<int>("--timeout") { Description = "Per-test timeout in seconds", DefaultValueFactory = _ => 180 };
        var output = new Option<string?>("--out") { Description = "Report directory (default: results/interop)" };
        var file = new Option<string?>("--implementations") { Description = "Implementations file (default: interop-harness/implementations.yaml)" };
        var known = new Option<string?>("--known-failures") { Description = "Known-failures file (default: interop-harness/known-failures.yaml)" };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of shards (default: env SHARD_COUNT or 1)" };
        var shardIndex = new Option<int?>("--shard-index") { Description = "This shard, 0-based (default: env SHARD_INDEX or 0)" };
        var list = new Option<bool>("--list") { Description = "Only print the selected test names" };
        var command = new Command("interop", "Run the transport-interop matrix (libp2p/test-plans rules) and write the reports.");
        foreach (Option option in new Option[] { impls, transports, runtime, delay, loss, nameFilter, nameIgnore, workers, timeout, output, file, known, shardCount, shardIndex, list })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, token) =>
        {
            try
            {
                var matrix = new MatrixOptions
                {
                    Implementations = SplitList(parse.GetValue(impls)),
                    Transports = SplitList(parse.GetValue(transports)),
                    NameFilter = parse.GetValue(nameFilter),
                    NameIgnore = parse.GetValue(nameIgnore),
                    ShardCount = parse.GetValue(shardCount) ?? EnvInt("SHARD_COUNT") ?? 1,
                    ShardIndex = parse.GetValue(shardIndex) ?? EnvInt("SHARD_INDEX") ?? 0,
                };
                var settings = new InteropSettings(
                    parse.GetValue(file) ?? RepoPaths.Combine("interop-harness", "implementations.yaml"),
                    parse.GetValue(known) ?? RepoPaths.Combine("interop-harness", "known-failures.yaml"),
                    parse.GetValue(output) ?? RepoPaths.Combine("results", "interop"),
                    parse.GetValue(runtime)!,
                    new NetemOptions { DelayMs = parse.GetValue(delay), LossPercent = parse.GetValue(loss), DelayHelper = RepoPaths.Combine(".cache", "interop", "nfq-delay") },
                    new InteropRunOptions { Workers = parse.GetValue(workers), Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) },
                    parse.GetValue(list));
                return await RunAsync(settings, matrix, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InteropConfigurationException or ArgumentException or RespException or InvalidOperationException or NetnsException)
            {
                return CliFailure.Report(e);
            }
        });
        return command;
    }

    private sealed record InteropSettings(string ImplementationsFile, string KnownFailuresFile, string Output, string Runtime, NetemOptions Netem, InteropRunOptions Run, bool ListOnly);

    private static async Task<int> RunAsync(InteropSettings settings, MatrixOptions matrix, CancellationToken cancellationToken)
    {
        if (settings.Run.Workers < 1 || settings.Run.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("--workers and --timeout must be positive");
        }
        if (settings.Runtime is not (RuntimeKinds.Process or RuntimeKinds.Netns or RuntimeKinds.Docker))
        {
            throw new ArgumentException($"unknown runtime '{settings.Runtime}' (available: process, netns, docker)");
        }
        if (settings.Netem.Any && settings.Runtime != RuntimeKinds.Netns)
        {
            throw new ArgumentException("--delay-ms and --loss-percent need --runtime netns");
        }
        settings.Netem.Validate();
        IReadOnlyList<Implementation> implementations = ImplementationsFile.Load(settings.ImplementationsFile);
        foreach (string id in matrix.Implementations ?? [])
        {
            if (!implementations.Any(i => i.Id == id))
            {
                throw new ArgumentException($"unknown implementation '{id}' (known: {string.Join(", ", implementations.Select(i => i.Id))})");
            }
        }
        IReadOnlyList<InteropTest> tests = MatrixGenerator.Generate(implementations, matrix);
        if (settings.ListOnly)
        {
            foreach (InteropTest test in tests)
            {
                Console.Out.WriteLine(test.Name);
            }
            return 0;
        }
        if (tests.Count == 0)
        {
            Console.Error.WriteLine("interop: the selection is empty: no tests to run");
            return 1;
        }
        KnownFailures known = KnownFailures.Load(settings.KnownFailuresFile);
        var processOptions = new ProcessRuntimeOptions { RepoRoot = RepoPaths.Root, CliPath = typeof(InteropCommand).Assembly.Location };
        await using IRuntime runtime = settings.Runtime switch
        {
            RuntimeKinds.Netns => new NetnsRuntime(processOptions, settings.Netem),
            RuntimeKinds.Docker => new DockerRuntime(new DockerRuntimeOptions { RepoRoot = RepoPaths.Root }),
            _ => new ProcessRuntime(processOptions),
        };
        if (settings.Runtime == RuntimeKinds.Docker && DockerEngine.Unreachable is string unreachable)
        {
            Console.Error.WriteLine($"interop: warning: {unreachable}; every test will be reported 'not run'");
        }
        string netem = settings.Runtime == RuntimeKinds.Netns ? $", link impairment: {settings.Netem}" : "";
        Console.Error.WriteLine($"interop: {tests.Count} tests, runtime {runtime.Name}, {settings.Run.Workers} worker(s){netem}");
        var progress = new InteropProgressLine(Console.Error);
        IReadOnlyList<InteropTestResult> results = await new InteropRunner(runtime, known).RunAsync(tests, settings.Run, progress, cancellationToken).ConfigureAwait(false);
        progress.Finish();
        InteropReports.WriteAll(settings.Output, results, settings.Runtime == RuntimeKinds.Netns && settings.Netem.Any ? $"netns ({settings.Netem})" : runtime.Name, DateTimeOffset.UtcNow);
        int passed = results.Count(r => r.Outcome == InteropOutcome.Success);
        int failed = results.Count(r => r.IsUnexpectedFailure);
        int knownFailed = results.Count(r => r.Outcome == InteropOutcome.Failure && r.KnownFailure is not null);
        int notRun = results.Count(r => r.Outcome == InteropOutcome.NotRun);
        foreach (InteropTestResult result in results.Where(r => r.IsUnexpectedFailure))
        {
            Console.Error.WriteLine($"FAILED {result.Test.Name}: {result.Reason}");
        }
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"interop: {passed} passed, {failed} failed, {knownFailed} known failures, {notRun} not run; reports in {settings.Output}"));
        return failed > 0 ? 1 : 0;
    }

    private static string[]? SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? EnvInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
}
