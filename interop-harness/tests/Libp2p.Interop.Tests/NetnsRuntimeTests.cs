using System.Text.Json;
using Libp2p.Interop.Netns;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Tests;

/// <summary>
/// <c>--runtime netns</c> with real nodes: each in its own network namespace on a bridge, an added one-way delay
/// through NFQUEUE, and every namespace removed afterwards. Needs root (as CI runs).
/// </summary>
[NonParallelizable]
public sealed class NetnsRuntimeTests
{
    private const int DelayMs = 50;
    private string _work = null!;

    [SetUp]
    public void CreateWorkDirectory()
    {
        if (NetnsRuntime.Unavailable() is string reason)
        {
            Assert.Ignore(reason);
        }
        _work = Directory.CreateTempSubdirectory("interop-netns-").FullName;
    }

    [TearDown]
    public void RemoveWorkDirectory()
    {
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Test]
    public async Task Dotnet_and_js_v3_pass_both_ways_with_added_delay_and_the_rtts_reflect_it()
    {
        Assume.That(File.Exists(TestPaths.NodeBinary), "containers/js-node is not installed (npm ci)");
        Assume.That(File.Exists(Path.Combine(TestPaths.RepoRoot, ".cache", "interop", "nfq-delay")), "the delay helper is not built (cli/install-deps.sh)");
        (int exit, string stderr, int pid) = await InteropCli.RunAsync(_work, InteropCli.DefaultImplementations,
            "--runtime", "netns", "--delay-ms", DelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--impls", "dotnet,js-v3", "--transports", "tcp", "--name-filter", "dotnet x js-v3 (tcp, noise, yamux)|js-v3 x dotnet (tcp, noise, yamux)", "--timeout", "60");
        Assert.That(exit, Is.Zero, stderr);
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        Assert.That(json.RootElement.GetProperty("runtime").GetString(), Does.Contain("netns").And.Contain($"delay {DelayMs} ms"));
        JsonElement[] tests = json.RootElement.GetProperty("tests").EnumerateArray().ToArray();
        Assert.That(tests.Select(t => t.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "dotnet x js-v3 (tcp, noise, yamux)", "js-v3 x dotnet (tcp, noise, yamux)" }));
        foreach (JsonElement test in tests)
        {
            Assert.That(test.GetProperty("outcome").GetString(), Is.EqualTo("success"), test.ToString());
            // The listener sits in its own namespace on the bridge, not on loopback.
            Assert.That(test.GetProperty("listenerAddress").GetString(), Does.StartWith("/ip4/198.18.0.2/tcp/"));
            // Every packet between the nodes waits DelayMs each way, so one ping round trip cannot be shorter than
            // twice that (allowing 5 % for timer granularity); the handshake needs more round trips still.
            Assert.That(test.GetProperty("pingRTTMillis").GetDouble(), Is.GreaterThanOrEqualTo(2 * DelayMs * 0.95));
            Assert.That(test.GetProperty("handshakePlusOneRTTMillis").GetDouble(), Is.GreaterThanOrEqualTo(2 * 2 * DelayMs * 0.95));
        }
        Assert.That(await NamespacesOfAsync(pid), Is.Empty, "the run removed every namespace it made");
    }

    [Test]
    public async Task Namespaces_of_a_dead_run_are_removed_and_live_ones_kept()
    {
        int dead = Enumerable.Range(4_000_000, 100_000).First(p => !Directory.Exists($"/proc/{p}"));
        string stale = $"{NetworkNamespace.NamePrefix}{dead}-1-br";
        await using NetworkNamespace mine = await NetworkNamespace.CreateAsync(NetworkNamespace.UniquePrefix() + "-t");
        NetworkNamespace leftover = await NetworkNamespace.CreateAsync(stale);
        try
        {
            await NetworkNamespace.RemoveStaleAsync();
            string[] names = await ListAsync();
            Assert.That(names, Does.Not.Contain(stale));
            Assert.That(names, Does.Contain(mine.Name));
        }
        finally
        {
            await leftover.DisposeAsync();
        }
    }

    [Test]
    public async Task A_namespace_has_only_loopback_up_and_is_gone_after_dispose()
    {
        string name;
        await using (NetworkNamespace ns = await NetworkNamespace.CreateAsync(NetworkNamespace.UniquePrefix() + "-t"))
        {
            name = ns.Name;
            string links = await ns.IpAsync(["-o", "link", "show", "up"]);
            Assert.That(links.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim()), Is.EqualTo(new[] { "lo" }));
        }
        Assert.That(await ListAsync(), Does.Not.Contain(name));
    }

    [Test]
    public async Task Delay_and_loss_are_refused_outside_the_netns_runtime()
    {
        (int exit, string stderr, _) = await InteropCli.RunAsync(_work, InteropCli.DefaultImplementations, "--impls", "dotnet", "--transports", "tcp", "--delay-ms", "10");
        Assert.That(exit, Is.Not.Zero);
        Assert.That(stderr, Does.Contain("need --runtime netns"));
    }

    private static async Task<string[]> NamespacesOfAsync(int pid) =>
        (await ListAsync()).Where(n => n.StartsWith($"{NetworkNamespace.NamePrefix}{pid}-", StringComparison.Ordinal)).ToArray();

    private static async Task<string[]> ListAsync()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", "netns list") { RedirectStandardOutput = true })!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
    }
}
