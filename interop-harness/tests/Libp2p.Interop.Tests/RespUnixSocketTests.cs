using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Tests;

/// <summary>The harness reaches a Redis inside a network namespace through a Unix socket; the same server still serves TCP.</summary>
public sealed class RespUnixSocketTests
{
    [Test]
    public async Task A_server_with_a_unix_socket_answers_on_both_and_shares_its_lists()
    {
        await using RedisServer server = await RedisServer.StartAsync(new RedisServerOptions { UnixSocket = true });
        Assert.That(server.HarnessAddress, Does.StartWith(RespClient.UnixPrefix));
        await using RespClient unix = await RespClient.ConnectAsync(server.HarnessAddress);
        await using RespClient tcp = await RespClient.ConnectAsync(server.Address);
        Assert.That(await unix.PingAsync(), Is.True);
        await tcp.RPushAsync("k", "/ip4/198.18.0.2/tcp/1");
        Assert.That(await unix.BLPopAsync("k", TimeSpan.FromSeconds(5)), Is.EqualTo("/ip4/198.18.0.2/tcp/1"));
    }

    [TestCase("unix:")]
    [TestCase("unix:/nonexistent/redis.sock")]
    public void A_bad_or_missing_unix_socket_is_a_typed_error(string address)
    {
        Assert.ThrowsAsync<RespException>(async () => await RespClient.ConnectAsync(address, new RespClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }));
    }
}
