using System.Diagnostics;
using System.Text.Json;

namespace Libp2p.Daemon.Tests;

/// <summary>
/// The conformance framework's daemon target end to end: `conformance --target daemon:js-v3` starts js-libp2p's daemon
/// (containers/daemon-interop/js-daemon.mjs) once per security protocol and muxer, runs the daemon suites through the
/// control protocol, and reports. The two reviewed deviations of @libp2p/daemon-server must still reproduce (else the
/// deviations file lies), and everything else it was judged on must pass.
/// </summary>
[Category("Interop")]
public sealed class DaemonTargetRunTests
{
    private static readonly string[] ReviewedDeviations = ["DAEMON-CONN-002", "DAEMON-CTRL-003"];

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    [Requirement("DAEMON-CLI-001")]
    [Requirement("DAEMON-CLI-002")]
    public async Task Js_daemon_target_passes_everything_but_its_reviewed_deviations(CancellationToken cancellationToken)
    {
        string suite = Path.Combine(RepoRoot.Path, "containers", "daemon-interop");
        if (!File.Exists(Interop.DaemonInteropSuite.NodeBinary(suite)))
        {
            Assert.Fail($"the daemon-interop npm tree is not installed in {suite}; run `bash cli/install-deps.sh test`");
        }
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "conformance.dll");
        string output = Path.Combine(Path.GetTempPath(), "daemon-target-" + Guid.NewGuid().ToString("N"));
        try
        {
            (int exit, string log) = await RunCliAsync(cli, ["conformance", "--target", "daemon:js-v3", "--out", output], cancellationToken);
            using JsonDocument report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json"), cancellationToken));
            JsonElement target = report.RootElement.GetProperty("targets").EnumerateArray().Single();
            Dictionary<string, string> statuses = target.GetProperty("requirements").EnumerateArray()
                .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString()!);
            string[] evaluated = [.. statuses.Where(s => s.Value is "passed" or "failed" or "known-deviation").Select(s => s.Key)];
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.Zero, log);
                Assert.That(target.GetProperty("id").GetString(), Is.EqualTo("daemon:js-v3"));
                Assert.That(evaluated, Has.Length.GreaterThanOrEqualTo(20), "requirements judged through the daemon");
                Assert.That(statuses.Where(s => s.Value == "failed").Select(s => s.Key), Is.Empty, log);
                Assert.That(ReviewedDeviations.Select(id => statuses[id]), Is.All.EqualTo("known-deviation"),
                    "a reviewed deviation no longer reproduces: remove it from conformance-suites/known-deviations.yaml");
                Assert.That(statuses.Where(s => s.Value == "known-deviation").Select(s => s.Key), Is.EquivalentTo(ReviewedDeviations));
                Assert.That(statuses["DAEMON-STREAM-005"], Is.EqualTo("passed"));
                Assert.That(statuses["NOISE-API-001"], Is.EqualTo("passed"));
                Assert.That(statuses["TLS-EXT-006"], Is.EqualTo("passed"));
            });
            Assert.That(File.ReadAllText(Path.Combine(output, "junit.xml")), Does.Contain("known deviation DAEMON-CONN-002"));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int Exit, string Log)> RunCliAsync(string cli, string[] args, CancellationToken cancellationToken)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot.Path };
        psi.ArgumentList.Add(cli);
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["CONFORMANCE_REPO_ROOT"] = RepoRoot.Path;
        using var process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string log = $"{await stdout}\n{await stderr}";
        return (process.ExitCode, log.Length > 8000 ? log[^8000..] : log);
    }
}
