using System.Diagnostics;
using System.Globalization;
using Libp2p.Conformance;
using Libp2p.Conformance.Results;

namespace Conformance.Cli.Commands;

/// <summary>Runs the suite projects with <c>dotnet test</c> for one target and collects tagged results from their TRX files.</summary>
internal static class ConformanceRunner
{
    private const int TailLines = 40;

    /// <summary>Every <c>conformance-suites/suites/*/*.csproj</c>, sorted.</summary>
    public static IReadOnlyList<string> FindSuiteProjects(string suitesDirectory)
    {
        if (!Directory.Exists(suitesDirectory))
        {
            return [];
        }
        return [.. Directory.EnumerateDirectories(suitesDirectory)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.csproj"))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The suite projects with fixtures deriving from <paramref name="suiteBase"/> (<c>WireTargetSuite</c> or
    /// <c>DaemonTargetSuite</c>): the only ones that can judge a wire or daemon target.
    /// </summary>
    public static IReadOnlyList<string> ProjectsDeriving(IReadOnlyList<string> projects, string suiteBase) =>
        [.. projects.Where(p => Directory.EnumerateFiles(Path.GetDirectoryName(p)!, "*.cs", SearchOption.TopDirectoryOnly)
            .Any(f => File.ReadAllText(f).Contains(": " + suiteBase, StringComparison.Ordinal)))];

    /// <summary>
    /// Runs <paramref name="projects"/> for <paramref name="target"/>; a project not in <paramref name="built"/> is
    /// built by its run (and added), the others run with --no-build. <paramref name="environment"/> is added to the
    /// test processes' environment; <paramref name="category"/> restricts them to one NUnit category.
    /// </summary>
    public static async Task<TargetRun> RunTargetAsync(
        ConformanceTarget target,
        IReadOnlyList<string> projects,
        string trxRoot,
        ConformanceRunOptions options,
        ISet<string> built,
        IReadOnlyDictionary<string, string> environment,
        string? category,
        CancellationToken cancellationToken)
    {
        TimeSpan timeout = options.Timeout;
        var tests = new List<TaggedTestResult>();
        var errors = new List<string>();
        foreach (string project in projects)
        {
            string name = Path.GetFileNameWithoutExtension(project);
            string resultsDir = Path.Combine(trxRoot, Sanitize(target.Id), name);
            var clock = Stopwatch.StartNew();
            bool build = built.Add(project);
            (int exitCode, string tail, bool timedOut) =
                await RunDotnetTestAsync(project, resultsDir, target, options, build, environment, category, cancellationToken).ConfigureAwait(false);
            string[] trxFiles = Directory.Exists(resultsDir) ? Directory.GetFiles(resultsDir, "*.trx", SearchOption.AllDirectories) : [];
            var results = new List<TestResultRecord>();
            foreach (string trx in trxFiles)
            {
                try
                {
                    results.AddRange(TrxParser.ParseFile(trx));
                }
                catch (TrxFormatException ex)
                {
                    errors.Add($"{name}: unreadable test results: {ex.Message}");
                }
            }
            if (timedOut)
            {
                errors.Add($"{name}: dotnet test did not finish within {timeout.TotalMinutes:0} minutes and was stopped");
            }
            else if (trxFiles.Length == 0 && exitCode != 0)
            {
                errors.Add($"{name}: dotnet test exited with {exitCode} and wrote no results (build error?):\n{tail}");
            }
            RequirementTagIndex index = RequirementTagIndex.FromFiles(
                results.Select(r => r.AssemblyPath).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal));
            foreach (string warning in index.Warnings)
            {
                await Console.Error.WriteLineAsync($"  warning: {warning}").ConfigureAwait(false);
            }
            tests.AddRange(results.Select(r => new TaggedTestResult(r, index.Lookup(r.ClassName, r.MethodName))));
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{target.Id}] {name}: {results.Count(r => r.Outcome == TestOutcome.Passed)} passed, "
                + $"{results.Count(r => r.Outcome == TestOutcome.Failed)} failed, "
                + $"{results.Count(r => r.Outcome == TestOutcome.NotExecuted)} skipped "
                + $"({clock.Elapsed.TotalSeconds:0.0} s){(timedOut ? ", TIMED OUT" : string.Empty)}")).ConfigureAwait(false);
        }
        return new TargetRun(target.Id, tests, errors);
    }

    private static async Task<(int ExitCode, string Tail, bool TimedOut)> RunDotnetTestAsync(
        string project,
        string resultsDir,
        ConformanceTarget target,
        ConformanceRunOptions options,
        bool build,
        IReadOnlyDictionary<string, string> environment,
        string? category,
        CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string arg in new[] { "test", project, "-c", "Release", "--nologo", "--logger", "trx", "--results-directory", resultsDir })
        {
            psi.ArgumentList.Add(arg);
        }
        if (!build)
        {
            psi.ArgumentList.Add("--no-build");
        }
        string? filter = (options.Filter, category) switch
        {
            ({ Length: > 0 } f, { } c) => $"({f})&TestCategory={c}",
            ({ Length: > 0 } f, null) => f,
            (_, { } c) => $"TestCategory={c}",
            _ => null,
        };
        if (filter is not null)
        {
            psi.ArgumentList.Add("--filter");
            psi.ArgumentList.Add(filter);
        }
        if (options.ArtifactsPath is not null)
        {
            psi.ArgumentList.Add("--artifacts-path");
            psi.ArgumentList.Add(options.ArtifactsPath);
        }
        psi.ArgumentList.Add("--");
        foreach (string setting in TrxParser.NUnitRunSettings)
        {
            psi.ArgumentList.Add(setting);
        }
        psi.Environment[ConformanceTarget.EnvironmentVariable] = target.Id;
        psi.Environment.Remove(Libp2p.Conformance.Wire.WireTargetEnvironment.EndpointsVariable);
        psi.Environment.Remove(Libp2p.Conformance.Wire.WireTargetEnvironment.CapabilitiesVariable);
        foreach ((string name, string value) in environment)
        {
            psi.Environment[name] = value;
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new Process { StartInfo = psi };
        var tail = new Queue<string>(TailLines);
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (tail)
            {
                if (tail.Count == TailLines)
                {
                    tail.Dequeue();
                }
                tail.Enqueue(e.Data);
            }
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The tree did not die within the grace period; report it rather than wait forever.
            }
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        string text;
        lock (tail)
        {
            text = string.Join('\n', tail);
        }
        return (process.HasExited ? process.ExitCode : -1, text, timedOut);
    }

    private static string Sanitize(string id) =>
        string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
