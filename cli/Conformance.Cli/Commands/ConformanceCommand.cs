using System.CommandLine;
using System.Globalization;
using Libp2p.Conformance;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;

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
            Description = "Implementation under test: reference, wire:NAME or daemon:ADDRESS (repeatable)",
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
        var command = new Command(Name, "Run the conformance suites against targets and write the JUnit/JSON/HTML report.");
        command.Options.Add(targets);
        command.Options.Add(output);
        command.Options.Add(filter);
        command.Options.Add(timeout);
        command.Options.Add(artifacts);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(targets) ?? [ConformanceTarget.DefaultId],
            parse.GetValue(output),
            parse.GetValue(filter),
            TimeSpan.FromMinutes(Math.Max(1, parse.GetValue(timeout))),
            parse.GetValue(artifacts),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] targetIds, string? output, string? filter, TimeSpan timeout, string? artifacts, CancellationToken ct)
    {
        var targets = new List<ConformanceTarget>();
        try
        {
            foreach (string id in targetIds.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                ConformanceTarget target = ConformanceTarget.Parse(id);
                target.EnsureImplemented();
                targets.Add(target);
            }
        }
        catch (ConformanceTargetException ex)
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
            bool build = true;
            foreach (ConformanceTarget target in targets)
            {
                runs.Add(await ConformanceRunner.RunTargetAsync(target, projects, trxRoot, options, build, ct).ConfigureAwait(false));
                build = false;
            }
        }
        finally
        {
            TryDelete(trxRoot);
        }

        ConformanceReport report = ReportBuilder.Build(catalog, runs, DateTimeOffset.UtcNow);
        string html = ReportWriter.WriteAll(report, outDir);
        PrintSummary(report, html);
        return report.ExitCode;
    }

    private static void PrintSummary(ConformanceReport report, string html)
    {
        foreach (TargetReport target in report.Targets)
        {
            TargetSummary s = target.Summary;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{target.TargetId}: {s.Passed} passed, {s.Failed} failed, {s.NotTested} not tested, {s.Unsupported} unsupported "
                + $"(of {s.Requirements} requirements); MUST coverage {s.MustCoverage * 100:0.0}% "
                + $"({s.MustTested}/{s.MustTotal} tested, {s.MustPassed} passed, {s.MustFailed} failed); "
                + $"{s.Tests} tests, {s.UntaggedTests} untagged"));
            foreach (RequirementResult failed in target.Requirements.Where(r => r.Status == RequirementStatus.Failed))
            {
                Console.WriteLine($"  FAILED {failed.Requirement.Level} {failed.Requirement.Id}: {failed.Requirement.Text}");
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
