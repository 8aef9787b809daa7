using System.CommandLine;
using System.Globalization;
using Libp2p.Conformance;
using Libp2p.Conformance.Daemon;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using Libp2p.Conformance.Wire;
using Libp2p.Interop.Implementations;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance</c>: runs every suite in conformance-suites/suites against one or more targets, maps the
/// results to the requirement catalog and writes junit.xml, results.json and index.html. Exit code 1 when a MUST
/// requirement failed, an unknown requirement ID was used or a suite could not run; 2 on a usage error; else 0.
/// </summary>
internal static class ConformanceCommand
{
    /// <summary>
    /// The subcommand's name. Meant to be <c>conformance</c>, but System.CommandLine 3.0 throws on every parse
    /// ("An item with the same key has already been added. Key: conformance") when a subcommand shares the
    /// RootCommand's name, which is the executable name <c>conformance</c>; it becomes <c>conformance</c> once
    /// Program.cs builds its root as a plain Command with another name.
    /// </summary>
    public const string Name = "conformance";

    public static Command Create()
    {
        var targets = new Option<string[]>("--target", "-t")
        {
            Description = "Implementation under test (repeatable): reference; wire:ID to start ID's listener from the wire-targets file and judge it from the wire; "
                + "daemon:ID to start ID's daemon from the daemon-targets file, or daemon:CONTROL-ADDRESS for a running daemon, and judge it through the daemon control protocol",
            DefaultValueFactory = _ => [ConformanceTarget.DefaultId],
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = $"Report folder (default <repo>/{ReportWriter.DefaultDirectory})",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "dotnet test filter expression (e.g. FullyQualifiedName~Yamux)",
        };
        var timeout = new Option<int>("--timeout-minutes")
        {
            Description = "Time limit for each suite project's dotnet test run",
            DefaultValueFactory = _ => 30,
        };
        var artifacts = new Option<string?>("--artifacts-path")
        {
            Description = "Passed to dotnet test: build output goes there instead of each project's bin/obj",
        };
        var wireTargets = new Option<string?>("--wire-targets")
        {
            Description = $"Listener recipes for wire:ID targets (default <repo>/{WireTargetsFile.DefaultPath})",
        };
        var daemonTargets = new Option<string?>("--daemon-targets")
        {
            Description = $"Daemon recipes for daemon:ID targets (default <repo>/{DaemonTargets.DefaultPath})",
        };
        var deviations = new Option<string?>("--known-deviations")
        {
            Description = $"Reviewed known deviations (default <repo>/{KnownDeviationsFile.DefaultPath})",
        };
        var command = new Command(Name, "Run the conformance suites against targets and write the JUnit/JSON/HTML report.");
        command.Options.Add(targets);
        command.Options.Add(output);
        command.Options.Add(filter);
        command.Options.Add(timeout);
        command.Options.Add(artifacts);
        command.Options.Add(wireTargets);
        command.Options.Add(daemonTargets);
        command.Options.Add(deviations);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(targets) ?? [ConformanceTarget.DefaultId],
            parse.GetValue(output),
            parse.GetValue(filter),
            TimeSpan.FromMinutes(Math.Max(1, parse.GetValue(timeout))),
            parse.GetValue(artifacts),
            new RecipePaths(
                parse.GetValue(wireTargets) ?? RepoPaths.Combine(WireTargetsFile.DefaultPath.Split('/')),
                parse.GetValue(daemonTargets) ?? RepoPaths.Combine(DaemonTargets.DefaultPath.Split('/'))),
            parse.GetValue(deviations) ?? RepoPaths.Combine(KnownDeviationsFile.DefaultPath.Split('/')),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string[] targetIds, string? output, string? filter, TimeSpan timeout, string? artifacts, RecipePaths recipePaths, string deviationsPath, CancellationToken ct)
    {
        var targets = new List<ConformanceTarget>();
        var recipes = new Dictionary<string, WireTargetRecipe>(StringComparer.Ordinal);
        IReadOnlyList<KnownDeviation> deviations;
        try
        {
            foreach (string id in targetIds.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                targets.Add(ConformanceTarget.Parse(id));
            }
            foreach (ConformanceTarget target in targets.Where(t => t.Kind != ConformanceTargetKind.Reference && !t.IsDaemonAddress))
            {
                string path = target.Kind == ConformanceTargetKind.Wire ? recipePaths.Wire : recipePaths.Daemon;
                IReadOnlyList<WireTargetRecipe> known = WireTargetsFile.Load(path);
                recipes[target.Id] = known.FirstOrDefault(r => r.Id == target.Name) ?? throw new ConformanceTargetException(target.Id,
                    $"target '{target.Id}': no recipe '{target.Name}' in {path} (known: {string.Join(", ", known.Select(r => r.Id))})");
            }
            deviations = File.Exists(deviationsPath) ? KnownDeviationsFile.Load(deviationsPath) : [];
        }
        catch (ConformanceTargetException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        IReadOnlyList<Requirement> catalog = ConformanceCatalogSource.Load();
        string outDir = Path.GetFullPath(output ?? RepoPaths.Combine(ReportWriter.DefaultDirectory.Split('/')));
        IReadOnlyList<string> projects = ConformanceRunner.FindSuiteProjects(RepoPaths.Combine("conformance-suites", "suites"));
        await Console.Error.WriteLineAsync(
            $"conformance: {projects.Count} suite projects x {targets.Count} target(s); {catalog.Count} requirements in the catalog").ConfigureAwait(false);

        var options = new ConformanceRunOptions(filter, timeout, artifacts is null ? null : Path.GetFullPath(artifacts));
        string trxRoot = Path.Combine(Path.GetTempPath(), "conformance-trx-" + Guid.NewGuid().ToString("N"));
        var runs = new List<TargetRun>();
        try
        {
            var built = new HashSet<string>(StringComparer.Ordinal);
            foreach (ConformanceTarget target in targets)
            {
                TargetRun run = target switch
                {
                    { Kind: ConformanceTargetKind.Reference } =>
                        await ConformanceRunner.RunTargetAsync(target, projects, trxRoot, options, built, new Dictionary<string, string>(), null, ct).ConfigureAwait(false),
                    { IsDaemonAddress: true } => await RunRunningDaemonAsync(target, projects, trxRoot, options, built, ct).ConfigureAwait(false),
                    _ => await RunStartedTargetAsync(target, recipes[target.Id], projects, trxRoot, options, built, ct).ConfigureAwait(false),
                };
                runs.Add(run);
            }
        }
        finally
        {
            TryDelete(trxRoot);
        }

        ConformanceReport report = ReportBuilder.Build(catalog, runs, DateTimeOffset.UtcNow, deviations);
        string html = ReportWriter.WriteAll(report, outDir);
        PrintSummary(report, html);
        return report.ExitCode;
    }

    // A wire target's listener(s) or a daemon target's daemon(s), started from the recipe, judged by that kind's suites.
    private static async Task<TargetRun> RunStartedTargetAsync(
        ConformanceTarget target, WireTargetRecipe recipe, IReadOnlyList<string> projects, string trxRoot, ConformanceRunOptions options, ISet<string> built, CancellationToken ct)
    {
        string what = target.Kind == ConformanceTargetKind.Wire ? "listener" : "daemon";
        TargetCapabilities capabilities;
        WireTargetLaunch launch;
        try
        {
            capabilities = Capabilities(recipe);
            await Console.Error.WriteLineAsync($"[{target.Id}] starting the {what}: {capabilities}").ConfigureAwait(false);
            launch = await WireTargetLaunch.StartAsync(target, recipe, capabilities, RepoPaths.Root, typeof(ConformanceCommand).Assembly.Location, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TargetRun(target.Id, [], [$"the {what} could not start: {e.Message}"]);
        }
        await using (launch.ConfigureAwait(false))
        {
            TargetRun run = await RunRemoteSuitesAsync(launch.Target, launch.Environment, projects, trxRoot, options, built, ct).ConfigureAwait(false);
            List<string> crashes = [.. launch.Crashes];
            return crashes.Count == 0 ? run : run with { Errors = [.. run.Errors, .. crashes] };
        }
    }

    // daemon:CONTROL-ADDRESS: someone else started the daemon; only its control address is known.
    private static Task<TargetRun> RunRunningDaemonAsync(
        ConformanceTarget target, IReadOnlyList<string> projects, string trxRoot, ConformanceRunOptions options, ISet<string> built, CancellationToken ct)
    {
        (IReadOnlyList<WireEndpoint> endpoints, TargetCapabilities capabilities) = DaemonTargets.ForRunningDaemon(target.Name!);
        ConformanceTarget running = target.WithEndpoints(endpoints, capabilities);
        var environment = new Dictionary<string, string>
        {
            [WireTargetEnvironment.EndpointsVariable] = WireTargetEnvironment.EncodeEndpoints(endpoints),
            [WireTargetEnvironment.CapabilitiesVariable] = WireTargetEnvironment.EncodeCapabilities(capabilities),
        };
        return RunRemoteSuitesAsync(running, environment, projects, trxRoot, options, built, ct);
    }

    private static async Task<TargetRun> RunRemoteSuitesAsync(
        ConformanceTarget target, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> projects, string trxRoot,
        ConformanceRunOptions options, ISet<string> built, CancellationToken ct)
    {
        foreach (WireEndpoint endpoint in target.WireEndpoints)
        {
            await Console.Error.WriteLineAsync($"[{target.Id}] endpoint {endpoint}").ConfigureAwait(false);
        }
        (string suiteBase, string category) = target.Kind == ConformanceTargetKind.Wire
            ? ("WireTargetSuite", "WireTarget")
            : ("DaemonTargetSuite", "DaemonTarget");
        return await ConformanceRunner.RunTargetAsync(
            target, ConformanceRunner.ProjectsDeriving(projects, suiteBase), trxRoot, options, built, environment, category, ct).ConfigureAwait(false);
    }

    // Declared capabilities: the recipe's lists, else the implementation's entry in interop-harness/implementations.yaml.
    private static TargetCapabilities Capabilities(WireTargetRecipe recipe)
    {
        string path = RepoPaths.Combine("interop-harness", "implementations.yaml");
        Implementation? implementation = File.Exists(path) ? ImplementationsFile.Load(path).FirstOrDefault(i => i.Id == recipe.Id) : null;
        IReadOnlyList<string> transports = implementation is null ? ["tcp"] : [.. implementation.Transports.Where(t => !t.OnlyDial).Select(t => t.Name)];
        return new TargetCapabilities(
            transports,
            recipe.Security ?? implementation?.SecureChannels ?? [],
            recipe.Muxers ?? implementation?.Muxers ?? [],
            recipe.Protocols);
    }

    private sealed record RecipePaths(string Wire, string Daemon);

    private static void PrintSummary(ConformanceReport report, string html)
    {
        foreach (TargetReport target in report.Targets)
        {
            TargetSummary s = target.Summary;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{target.TargetId}: {s.Passed + s.Failed + s.KnownDeviations} evaluated, {s.Passed} passed, {s.Failed} failed, {s.KnownDeviations} known deviations, {s.NotTested} not tested, {s.Unsupported} unsupported, {s.NotApplicable} not applicable "
                + $"(of {s.Requirements} requirements); MUST coverage {s.MustCoverage * 100:0.0}% "
                + $"({s.MustTested}/{s.MustTotal} tested, {s.MustPassed} passed, {s.MustFailed} failed); "
                + $"{s.Tests} tests, {s.UntaggedTests} untagged"));
            foreach (RequirementResult failed in target.Requirements.Where(r => r.Status == RequirementStatus.Failed))
            {
                Console.WriteLine($"  FAILED {failed.Requirement.Level} {failed.Requirement.Id}: {failed.Requirement.Text}");
            }
            foreach (RequirementResult deviation in target.Requirements.Where(r => r.Status == RequirementStatus.KnownDeviation))
            {
                Console.WriteLine($"  KNOWN DEVIATION {deviation.Requirement.Level} {deviation.Requirement.Id}: {deviation.Deviation!.Link}");
            }
        }
        foreach (UnknownRequirement unknown in report.UnknownRequirements)
        {
            Console.WriteLine($"unknown requirement ID {unknown.Id} (not in the catalog), used by {string.Join(", ", unknown.Tests)}");
        }
        foreach (string error in report.Errors)
        {
            Console.WriteLine($"run error: {error}");
        }
        Console.WriteLine($"report: {html} (+ {JUnitReportWriter.FileName}, {JsonReportWriter.FileName}); exit code {report.ExitCode}");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"warning: could not remove {directory}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"warning: could not remove {directory}: {ex.Message}");
        }
    }
}
