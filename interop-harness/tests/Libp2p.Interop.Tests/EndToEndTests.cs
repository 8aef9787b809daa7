using System.Text.Json;
using Libp2p.Interop.Reports;

namespace Libp2p.Interop.Tests;

/// <summary>Runs <c>conformance interop</c> as a process over the real process runtime: real nodes, real redis-server.</summary>
[NonParallelizable]
public sealed class EndToEndTests
{
    private string _work = null!;

    [SetUp]
    public void CreateWorkDirectory() => _work = Directory.CreateTempSubdirectory("interop-e2e-").FullName;

    [TearDown]
    public void RemoveWorkDirectory() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task Dotnet_and_js_v3_interoperate_both_ways_over_tcp_and_ws_with_noise_yamux()
    {
        Assume.That(File.Exists(TestPaths.NodeBinary), "containers/js-node is not installed (npm ci)");
        (int exit, string stderr) = await RunInteropAsync(
            InteropCli.DefaultImplementations,
            "--impls", "dotnet,js-v3", "--transports", "tcp,ws", "--name-filter", "(tcp, noise, yamux)|(ws, noise, yamux)", "--name-ignore", "js-v3 x js-v3", "--timeout", "60");
        Assert.That(exit, Is.Zero, stderr);
        var rows = ResultsCsv.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.csv")));
        Assert.That(rows, Is.EquivalentTo(new[]
        {
            ("dotnet x dotnet (tcp, noise, yamux)", "success"),
            ("dotnet x js-v3 (tcp, noise, yamux)", "success"),
            ("js-v3 x dotnet (tcp, noise, yamux)", "success"),
            ("dotnet x dotnet (ws, noise, yamux)", "success"),
            ("dotnet x js-v3 (ws, noise, yamux)", "success"),
            ("js-v3 x dotnet (ws, noise, yamux)", "success"),
        }));
        string matrix = await File.ReadAllTextAsync(Path.Combine(_work, "out", "matrix.md"));
        Assert.That(matrix, Does.Contain("## Using: tcp, noise, yamux").And.Contain("| dotnet | :green_circle: | :green_circle: |"));
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        foreach (JsonElement test in json.RootElement.GetProperty("tests").EnumerateArray())
        {
            Assert.That(test.GetProperty("handshakePlusOneRTTMillis").GetDouble(), Is.GreaterThan(0));
            Assert.That(test.GetProperty("pingRTTMillis").GetDouble(), Is.GreaterThan(0));
            Assert.That(test.GetProperty("listenerAddress").GetString(), Does.StartWith("/ip4/127.0.0.1/tcp/").And.Contain("/p2p/"));
            Assert.That(test.GetProperty("listenerAddress").GetString()!.Contains("/ws/", StringComparison.Ordinal), Is.EqualTo(test.GetProperty("name").GetString()!.Contains("(ws,", StringComparison.Ordinal)));
        }
        Assert.That(File.Exists(Path.Combine(_work, "out", "index.html")), Is.True);
    }

    [Test]
    public async Task Dotnet_and_js_v3_interoperate_both_ways_over_quic_v1()
    {
        Assume.That(File.Exists(TestPaths.NodeBinary), "containers/js-node is not installed (npm ci)");
        (int exit, string stderr) = await RunInteropAsync(
            InteropCli.DefaultImplementations,
            "--impls", "dotnet,js-v3", "--transports", "quic-v1", "--name-ignore", "js-v3 x js-v3", "--timeout", "60");
        Assert.That(exit, Is.Zero, stderr);
        var rows = ResultsCsv.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.csv")));
        Assert.That(rows, Is.EquivalentTo(new[]
        {
            ("dotnet x dotnet (quic-v1)", "success"),
            ("dotnet x js-v3 (quic-v1)", "success"),
            ("js-v3 x dotnet (quic-v1)", "success"),
        }));
        string matrix = await File.ReadAllTextAsync(Path.Combine(_work, "out", "matrix.md"));
        Assert.That(matrix, Does.Contain("## Using: quic-v1").And.Contain("| dotnet | :green_circle: | :green_circle: |"));
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        foreach (JsonElement test in json.RootElement.GetProperty("tests").EnumerateArray())
        {
            Assert.That(test.GetProperty("handshakePlusOneRTTMillis").GetDouble(), Is.GreaterThan(0));
            Assert.That(test.GetProperty("pingRTTMillis").GetDouble(), Is.GreaterThan(0));
            Assert.That(test.GetProperty("listenerAddress").GetString(), Does.StartWith("/ip4/127.0.0.1/udp/").And.Contain("/quic-v1/p2p/"));
        }
    }

    [Test]
    public async Task Silent_and_crashing_listeners_are_red_with_reasons_and_fail_the_run()
    {
        string impls = Path.Combine(_work, "impls.yaml");
        // A listener that publishes a dead address and exits, i.e. crashes mid-test.
        const string deadAddress = "/ip4/127.0.0.1/tcp/9/p2p/12D3KooWLJthVY2Nv4Dy7QiduJw1NDm9mmDGnALSJkcWVvPez9Tv";
        await File.WriteAllTextAsync(impls, $$"""
            implementations:
              - id: dotnet
                command: [dotnet, "{cli}", node]
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
              - id: dotnet-unified
                contract: unified
                command: [dotnet, "{cli}", node]
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
              - id: silent
                command: [sleep, "600"]
                timeoutSecs: 5
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
              - id: crasher
                command: [sh, -c, "echo 'fatal: out of cheese' >&2; exit 3"]
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
              - id: midcrash
                command: [sh, -c, "redis-cli -h 127.0.0.1 -p \"${redis_addr##*:}\" RPUSH listenerAddr {{deadAddress}} >/dev/null; exit 4"]
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
              - id: docker-only
                runtime: docker
                image: nothing
                transports: [tcp]
                secureChannels: [noise]
                muxers: [yamux]
            """);
        (int exit, string stderr) = await RunInteropAsync(impls, "--name-filter", "dotnet x silent|dotnet x crasher|dotnet x midcrash|dotnet x docker-only|dotnet-unified x dotnet (|dotnet x dotnet-unified", "--timeout", "60");
        Assert.That(exit, Is.Not.Zero, stderr);
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        Dictionary<string, JsonElement> byName = json.RootElement.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        JsonElement silent = byName["dotnet x silent (tcp, noise, yamux)"];
        Assert.That(silent.GetProperty("outcome").GetString(), Is.EqualTo("failure"));
        Assert.That(silent.GetProperty("reason").GetString(), Does.Contain("never published"));
        JsonElement crasher = byName["dotnet x crasher (tcp, noise, yamux)"];
        Assert.That(crasher.GetProperty("outcome").GetString(), Is.EqualTo("failure"));
        Assert.That(crasher.GetProperty("reason").GetString(), Does.Contain("crashed before publishing").And.Contain("exit code 3").And.Contain("out of cheese"));
        JsonElement mid = byName["dotnet x midcrash (tcp, noise, yamux)"];
        Assert.That(mid.GetProperty("outcome").GetString(), Is.EqualTo("failure"));
        Assert.That(mid.GetProperty("reason").GetString(), Does.Contain("listener crashed during the test (exit code 4)"));
        Assert.That(mid.GetProperty("listenerAddress").GetString(), Is.EqualTo(deadAddress));
        JsonElement docker = byName["dotnet x docker-only (tcp, noise, yamux)"];
        Assert.That(docker.GetProperty("outcome").GetString(), Is.EqualTo("not-run"));
        Assert.That(docker.GetProperty("reason").GetString(), Does.StartWith("not run: "));
        // Unified-testing and test-plans nodes pair up: the harness hands the address across the two key schemes.
        Assert.That(byName["dotnet-unified x dotnet (tcp, noise, yamux)"].GetProperty("outcome").GetString(), Is.EqualTo("success"), byName["dotnet-unified x dotnet (tcp, noise, yamux)"].GetProperty("reason").ToString());
        Assert.That(byName["dotnet x dotnet-unified (tcp, noise, yamux)"].GetProperty("outcome").GetString(), Is.EqualTo("success"), byName["dotnet x dotnet-unified (tcp, noise, yamux)"].GetProperty("reason").ToString());
        string matrix = await File.ReadAllTextAsync(Path.Combine(_work, "out", "matrix.md"));
        Assert.That(matrix, Does.Contain(":red_circle:"));
        Assert.That(ResultsCsv.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.csv"))).Count(r => r.Outcome == "failure"), Is.EqualTo(3));
    }

    private async Task<(int Exit, string Stderr)> RunInteropAsync(string implementations, params string[] arguments)
    {
        (int exit, string stderr, _) = await InteropCli.RunAsync(_work, implementations, arguments);
        return (exit, stderr);
    }
}
