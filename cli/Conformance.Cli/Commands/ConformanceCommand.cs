using System.CommandLine;
using System.Globalization;
using Libp2p.Conformance;
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
            Description = "Implementation under test (repeatable): reference, or wire:ID to start ID's listener from the wire-targets file and judge it from the wire (daemon:ADDRESS is not implemented yet)",
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
        command.Options.Add(deviations);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(targets) ?? [ConformanceTarget.DefaultId],
            parse.GetValue(output),
            parse.GetValue(filter),
            TimeSpan.FromMinutes(Math.Max(1, parse.GetValue(timeout))),
            parse.GetValue(artifacts),
            parse.GetValue(wireTargets) ?? RepoPaths.Combine(WireTargetsFile.DefaultPath.Split('/')),
            parse.GetValue(deviations) ?? RepoPaths.Combine(KnownDeviationsFile.DefaultPath.Split('/')),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string[] targetIds, string? output, string? filter, TimeSpan timeout, string? artifacts, string wireTargetsPath, string deviationsPath, CancellationToken ct)
    {
        var targets = new List<ConformanceTarget>();
        IReadOnlyList<WireTargetRecipe> recipes = [];
        IReadOnlyList<KnownDeviation> deviations;
        try
        {
            foreach (string id in targetIds.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                ConformanceTarget target = ConformanceTarget.Parse(id);
                if (target.Kind == ConformanceTargetKind.Daemon)
                {
                    target.EnsureImplemented();
                }
                targets.Add(target);
            }
            if (targets.Any(t => t.Kind == ConformanceTargetKind.Wire))
            {
                recipes = WireTargetsFile.Load(wireTargetsPath);
                foreach (ConformanceTarget wire in targets.Where(t => t.Kind == ConformanceTargetKind.Wire && !recipes.Any(r => r.Id == t.Name)))
                {
                    throw new ConformanceTargetException(wire.Id,
                        $"target '{wire.Id}': no listener recipe '{wire.Name}' in {wireTargetsPath} (known: {string.Join(", ", recipes.Select(r => r.Id))})");
                }
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
                if (target.Kind == ConformanceTargetKind.Wire)
                {
                    runs.Add(await RunWireTargetAsync(target, recipes.First(r => r.Id == target.Name), projects, trxRoot, options, built, ct).ConfigureAwait(false));
                    continue;
                }
                runs.Add(await ConformanceRunner.RunTargetAsync(target, projects, trxRoot, options, built, new Dictionary<string, string>(), null, ct).ConfigureAwait(false));
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

    private static async Task<TargetRun> RunWireTargetAsync(
        ConformanceTarget target, WireTargetRecipe recipe, IReadOnlyList<string> projects, string trxRoot, ConformanceRunOptions options, ISet<string> built, CancellationToken ct)
    {
        TargetCapabilities capabilities;
        WireTargetLaunch launch;
        try
        {
            capabilities = Capabilities(recipe);
            await Console.Error.WriteLineAsync($"[{target.Id}] starting the listener: {capabilities}").ConfigureAwait(false);
            launch = await WireTargetLaunch.StartAsync(target, recipe, capabilities, RepoPaths.Root, typeof(ConformanceCommand).Assembly.Location, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TargetRun(target.Id, [], [$"the listener could not start: {e.Message}"]);
        }
        await using (launch.ConfigureAwait(false))
        {
            foreach (WireEndpoint endpoint in launch.Target.WireEndpoints)
            {
                await Console.Error.WriteLineAsync($"[{target.Id}] endpoint {endpoint}").ConfigureAwait(false);
            }
            TargetRun run = await ConformanceRunner.RunTargetAsync(
                launch.Target, ConformanceRunner.WireProjects(projects), trxRoot, options, built, launch.Environment, "WireTarget", ct).ConfigureAwait(false);
            List<string> crashes = [.. launch.Crashes];
            return crashes.Count == 0 ? run : run with { Errors = [.. run.Errors, .. crashes] };
        }
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
