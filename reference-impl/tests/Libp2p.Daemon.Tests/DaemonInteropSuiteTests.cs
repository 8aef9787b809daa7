using Libp2p.Daemon.Interop;

namespace Libp2p.Daemon.Tests;

/// <summary>
/// js-libp2p's own interop suite (@libp2p/interop@14.0.16, connect and streams groups) with our daemon — started as
/// `conformance daemon`, exactly as the CLI's daemon-interop command does — against js-libp2p and against itself.
/// </summary>
[Category("Interop")]
public sealed class DaemonInteropSuiteTests
{
    private static readonly string[] KeyTypes = ["ed25519", "rsa", "secp256k1"];
    private static readonly string[] Encryptions = ["noise", "tls", "plaintext"];
    private static readonly string[] Muxers = ["mplex", "yamux"];

    [Test]
    [CancelAfter(20 * 60 * 1000)]
    [Requirement("DAEMON-CLI-001")]
    [Requirement("DAEMON-CLI-002")]
    [Requirement("DAEMON-IDENT-001")]
    [Requirement("DAEMON-CONN-001")]
    [Requirement("DAEMON-CONN-003")]
    [Requirement("DAEMON-STREAM-001")]
    [Requirement("DAEMON-STREAM-004")]
    [Requirement("DAEMON-STREAM-005")]
    public async Task Connect_and_streams_pass_for_every_pairing_with_our_daemon(CancellationToken cancellationToken)
    {
        string suite = Path.Combine(RepoRoot.Path, "containers", "daemon-interop");
        if (!File.Exists(DaemonInteropSuite.NodeBinary(suite)))
        {
            Assert.Fail($"the daemon-interop npm tree is not installed in {suite}; run `bash cli/install-deps.sh test`");
        }
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "conformance.dll");
        Assert.That(File.Exists(cli), Is.True, $"{cli} is copied next to the tests by the project reference");
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

        DaemonInteropReport report = await DaemonInteropSuite.RunAsync(new DaemonInteropOptions
        {
            DaemonCommand = [dotnet, cli, "daemon"],
            SuiteDirectory = suite,
            Timeout = TimeSpan.FromMinutes(15),
        }, TestContext.Progress, cancellationToken);

        string Describe(IEnumerable<DaemonInteropTest> tests) => string.Join("\n", tests.Select(t => $"{t.State} [{t.Pairing}] {t.Title} {t.Error}"));
        Assert.Multiple(() =>
        {
            Assert.That(report.RunErrors, Is.Empty);
            Assert.That(report.Tests.Where(t => t.State == "failed"), Is.Empty, Describe(report.Tests.Where(t => t.State == "failed")));
            Assert.That(report.Tests.Where(t => t.State == "pending" && !(t.Title.Contains("webtransport", StringComparison.Ordinal) || t.Title.Contains("webrtc-direct", StringComparison.Ordinal))),
                Is.Empty, "only transports we lack may be pending");
        });

        (string From, string To)[] pairs = [("ours", "js"), ("js", "ours"), ("ours", "ours")];
        foreach ((string from, string to) in pairs)
        {
            Assert.That(report.Tests.Count(t => t.From == from && t.To == to && t.Title.StartsWith("connection.tcp ", StringComparison.Ordinal) && t.State == "passed"),
                Is.EqualTo(1), $"tcp connect {from} -> {to}");
            foreach (string key in KeyTypes)
            {
                foreach (string encryption in Encryptions)
                {
                    foreach (string muxer in Muxers)
                    {
                        string name = $"{key}/{encryption}/{muxer} echo ";
                        DaemonInteropTest[] matching = [.. report.Tests.Where(t => t.From == from && t.To == to && t.Title.StartsWith(name, StringComparison.Ordinal) && t.State == "passed")];
                        Assert.That(matching, Has.Length.EqualTo(1), $"{name}{from} -> {to}");
                        // Both daemons really ran the named security protocol and muxer (upstream never passes the muxer).
                        Assert.That(matching[0].Daemons, Has.Count.EqualTo(2).And.All.Contains($"tcp/{encryption}/{muxer} (started)"), $"{name}{from} -> {to}");
                    }
                }
            }
        }
        Assert.That(report.Tests.Count(t => t.Title.Contains(" echo ", StringComparison.Ordinal) && t.State == "passed"), Is.EqualTo(54));
    }
}
