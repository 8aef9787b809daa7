using System.Diagnostics;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Tests;

/// <summary>The <c>conformance node</c> program against the test-plans contract, driven through a real redis-server.</summary>
[NonParallelizable]
public sealed class NodeProgramTests
{
    private RedisServer _redis = null!;

    [OneTimeSetUp]
    public async Task StartRedis() => _redis = await RedisServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopRedis() => await _redis.DisposeAsync();

    [Test]
    public async Task Listener_publishes_a_concrete_full_multiaddr_then_fails_at_its_timeout()
    {
        await using RespClient redis = await RespClient.ConnectAsync(_redis.Address);
        await redis.DelAsync(["listenerAddr"]);
        using Process listener = StartNode(new() { ["transport"] = "ws", ["security"] = "noise", ["muxer"] = "yamux", ["is_dialer"] = "false", ["ip"] = "0.0.0.0", ["test_timeout_seconds"] = "20" });
        try
        {
            string? address = await redis.BLPopAsync("listenerAddr", TimeSpan.FromSeconds(60));
            Assert.That(address, Does.StartWith("/ip4/").And.Contain("/tcp/").And.Contain("/ws/p2p/12D3KooW").And.Not.Contain("0.0.0.0"));
            Assert.That(await WaitAsync(listener, TimeSpan.FromSeconds(60)), Is.Not.Zero, "a listener reaching its timeout exits non-zero");
        }
        finally
        {
            Kill(listener);
        }
    }

    [Test]
    public async Task Quic_listener_needs_no_security_or_muxer_and_publishes_a_udp_quic_v1_address()
    {
        await using RespClient redis = await RespClient.ConnectAsync(_redis.Address);
        await redis.DelAsync(["listenerAddr"]);
        // test-plans sets neither security nor muxer for standalone transports (docs/TEST-PLANS.md §1.1).
        using Process listener = StartNode(new() { ["transport"] = "quic-v1", ["is_dialer"] = "false", ["ip"] = "0.0.0.0", ["test_timeout_seconds"] = "60" });
        try
        {
            string? address = await redis.BLPopAsync("listenerAddr", TimeSpan.FromSeconds(60));
            Assert.That(address, Does.StartWith("/ip4/").And.Contain("/udp/").And.Contain("/quic-v1/p2p/12D3KooW").And.Not.Contain("0.0.0.0"));
        }
        finally
        {
            Kill(listener);
        }
    }

    [Test]
    public async Task Dialer_without_a_listener_fails_with_nothing_on_stdout()
    {
        await using RespClient redis = await RespClient.ConnectAsync(_redis.Address);
        await redis.DelAsync(["abc12345_listener_multiaddr"]);
        using Process dialer = StartNode(new() { ["TRANSPORT"] = "tcp", ["SECURE_CHANNEL"] = "noise", ["MUXER"] = "yamux", ["IS_DIALER"] = "true", ["TEST_KEY"] = "abc12345", ["TEST_TIMEOUT_SECONDS"] = "2" });
        Task<string> stdout = dialer.StandardOutput.ReadToEndAsync();
        Task<string> stderr = dialer.StandardError.ReadToEndAsync();
        Assert.That(await WaitAsync(dialer, TimeSpan.FromSeconds(60)), Is.Not.Zero);
        Assert.That(await stdout, Is.Empty);
        Assert.That(await stderr, Does.Contain("abc12345_listener_multiaddr"));
    }

    [Test]
    public async Task Bad_configuration_exits_non_zero_with_the_reason()
    {
        using Process node = StartNode(new() { ["transport"] = "webtransport", ["is_dialer"] = "true" });
        Task<string> stderr = node.StandardError.ReadToEndAsync();
        Assert.That(await WaitAsync(node, TimeSpan.FromSeconds(60)), Is.EqualTo(1));
        Assert.That(await stderr, Does.Contain("unsupported transport 'webtransport'"));
    }

    private Process StartNode(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.CliDll);
        info.ArgumentList.Add("node");
        foreach (string name in new[] { "transport", "security", "muxer", "is_dialer", "ip", "redis_addr", "TEST_KEY", "TRANSPORT", "REDIS_ADDR" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["redis_addr"] = _redis.Address;
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }
        return Process.Start(info)!;
    }

    private static async Task<int> WaitAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            Assert.Fail($"node did not exit within {timeout.TotalSeconds} s");
        }
        return process.ExitCode;
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }
}
