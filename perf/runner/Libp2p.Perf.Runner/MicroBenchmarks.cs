using System.Globalization;
using System.Text.Json;

namespace Libp2p.Perf.Runner;

/// <summary>
/// <c>./conformance perf --micro</c>: builds perf/benchmarks/Libp2p.Benchmarks in Release, runs it in-process
/// (BenchmarkDotNet's out-of-process toolchain cannot build its generated project here) with the short job, exports
/// full JSON to results/perf/micro, and reads those reports back (mean and allocated bytes per operation).
/// </summary>
public static class MicroBenchmarks
{
    /// <summary>Largest report file read (BenchmarkDotNet full JSON with per-iteration measurements).</summary>
    public const long MaxReportBytes = 64L << 20;

    /// <summary>Most benchmark cases read from one report.</summary>
    public const int MaxCases = 10_000;

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(45);

    /// <summary>Builds and runs the benchmarks (<paramref name="filter"/> is BenchmarkDotNet's glob); returns the exit code.</summary>
    /// <param name="repoRoot">Repository root.</param>
    /// <param name="microDirectory">BenchmarkDotNet artifacts directory (results/perf/micro).</param>
    /// <param name="buildArtifacts">dotnet <c>--artifacts-path</c> for the Release build.</param>
    /// <param name="filter">Benchmark filter, <c>*</c> for all.</param>
    /// <param name="log">Receives build and benchmark output.</param>
    /// <param name="cancellationToken">Stops the build or run (the child is killed).</param>
    public static async Task<int> RunAsync(string repoRoot, string microDirectory, string buildArtifacts, string filter, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        string project = Path.Combine(repoRoot, "perf", "benchmarks", "Libp2p.Benchmarks", "Libp2p.Benchmarks.csproj");
        await using (ExternalProcess build = ExternalProcess.Start("dotnet", ["build", project, "-c", "Release", "--artifacts-path", buildArtifacts, "-nologo", "-v", "q"], repoRoot, line => log.WriteLine(line)))
        {
            int? code = await build.WaitAsync(BuildTimeout, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException($"building {project} failed (exit {code?.ToString(CultureInfo.InvariantCulture) ?? "timeout"}): {build.StderrTail}");
            }
        }
        string dll = Path.Combine(buildArtifacts, "bin", "Libp2p.Benchmarks", "release", "Libp2p.Benchmarks.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"benchmark build output not found at {dll}");
        }
        Directory.CreateDirectory(microDirectory);
        await using ExternalProcess run = ExternalProcess.Start("dotnet",
            [dll, "--inProcess", "--job", "short", "--memory", "--filter", filter, "--exporters", "fulljson", "--artifacts", microDirectory],
            microDirectory, line => log.WriteLine(line));
        int? exit = await run.WaitAsync(RunTimeout, cancellationToken).ConfigureAwait(false);
        return exit ?? throw new TimeoutException($"micro-benchmarks did not finish within {RunTimeout.TotalMinutes} min: {run.StderrTail}");
    }

    /// <summary>
    /// Reads every <c>*-report-full.json</c> under <paramref name="microDirectory"/>/results (latest file wins per
    /// case); returns the cases sorted by name and a description of the source, or an empty list and null.
    /// </summary>
    public static (IReadOnlyList<MicroBenchmarkResult> Results, string? Source) Load(string microDirectory)
    {
        string dir = Path.Combine(microDirectory, "results");
        if (!Directory.Exists(dir))
        {
            return ([], null);
        }
        var byName = new Dictionary<string, MicroBenchmarkResult>(StringComparer.Ordinal);
        FileInfo[] files = new DirectoryInfo(dir).GetFiles("*-report-full.json").OrderBy(f => f.LastWriteTimeUtc).ToArray();
        foreach (FileInfo file in files)
        {
            if (file.Length > MaxReportBytes)
            {
                throw new FormatException($"{file.FullName}: {file.Length} bytes, above the {MaxReportBytes}-byte limit");
            }
            foreach (MicroBenchmarkResult result in Parse(File.ReadAllText(file.FullName), file.Name))
            {
                byName[result.Name] = result;
            }
        }
        if (byName.Count == 0)
        {
            return ([], null);
        }
        string source = string.Create(CultureInfo.InvariantCulture, $"{dir} ({files.Length} report files, latest {files[^1].LastWriteTimeUtc:u})");
        return ([.. byName.Values.OrderBy(r => r.Name, StringComparer.Ordinal)], source);
    }

    /// <summary>
    /// Parses one BenchmarkDotNet full JSON report. Cases without statistics (failed benchmarks) are left out.
    /// Throws <see cref="FormatException"/> naming <paramref name="source"/> when the document is not such a report.
    /// </summary>
    public static IReadOnlyList<MicroBenchmarkResult> Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxReportBytes)
        {
            throw new FormatException($"{source}: report above the {MaxReportBytes}-byte limit");
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("Benchmarks", out JsonElement benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{source}: not a BenchmarkDotNet report (no Benchmarks array)");
            }
            if (benchmarks.GetArrayLength() > MaxCases)
            {
                throw new FormatException($"{source}: more than {MaxCases} benchmark cases");
            }
            var results = new List<MicroBenchmarkResult>();
            foreach (JsonElement b in benchmarks.EnumerateArray())
            {
                if (b.ValueKind != JsonValueKind.Object || !b.TryGetProperty("Statistics", out JsonElement stats) || stats.ValueKind != JsonValueKind.Object
                    || !stats.TryGetProperty("Mean", out JsonElement mean) || mean.ValueKind != JsonValueKind.Number)
                {
                    continue;
                }
                long? allocated = b.TryGetProperty("Memory", out JsonElement memory) && memory.ValueKind == JsonValueKind.Object
                    && memory.TryGetProperty("BytesAllocatedPerOperation", out JsonElement bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : null;
                results.Add(new MicroBenchmarkResult(Text(b, "Type", source), Text(b, "Method", source), OptionalText(b, "Parameters"), mean.GetDouble(), allocated));
            }
            return results;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException && e.Message.IndexOf(source, StringComparison.Ordinal) < 0)
        {
            throw new FormatException($"{source}: {e.Message}", e);
        }
    }

    private static string Text(JsonElement element, string name, string source) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{source}: benchmark case without a string '{name}'");

    private static string OptionalText(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
