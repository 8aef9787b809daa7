using System.Net;
using System.Net.Sockets;
using System.Text;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Tests;

[NonParallelizable]
public sealed class RespClientTests
{
    private RedisServer _server = null!;

    [OneTimeSetUp]
    public async Task StartRedis() => _server = await RedisServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopRedis() => await _server.DisposeAsync();

    [Test]
    public async Task Ping_rpush_blpop_and_del_against_a_real_redis()
    {
        await using RespClient client = await RespClient.ConnectAsync(_server.Address);
        Assert.That(await client.PingAsync(), Is.True);
        await client.DelAsync(["k1"]);
        Assert.That(await client.RPushAsync("k1", "/ip4/127.0.0.1/tcp/1/p2p/x"), Is.EqualTo(1));
        Assert.That(await client.RPushAsync("k1", "ünïcode ✓"), Is.EqualTo(2));
        Assert.That(await client.BLPopAsync("k1", TimeSpan.FromSeconds(1)), Is.EqualTo("/ip4/127.0.0.1/tcp/1/p2p/x"));
        Assert.That(await client.BLPopAsync("k1", TimeSpan.FromSeconds(1)), Is.EqualTo("ünïcode ✓"));
        Assert.That(await client.RPushAsync("k2", "v"), Is.EqualTo(1));
        Assert.That(await client.DelAsync(["k2", "absent"]), Is.EqualTo(1));
    }

    [Test]
    public async Task Blpop_returns_null_when_the_server_timeout_expires()
    {
        await using RespClient client = await RespClient.ConnectAsync(_server.Address);
        Assert.That(await client.BLPopAsync("never-pushed", TimeSpan.FromSeconds(1)), Is.Null);
    }

    [Test]
    public async Task Blpop_wakes_up_when_another_client_pushes()
    {
        await using RespClient waiter = await RespClient.ConnectAsync(_server.Address);
        await using RespClient pusher = await RespClient.ConnectAsync(_server.Address);
        Task<string?> pop = waiter.BLPopAsync("handoff", TimeSpan.FromSeconds(20));
        await pusher.RPushAsync("handoff", "addr");
        Assert.That(await pop.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo("addr"));
    }

    [TestCase("-ERR boom\r\n", "boom")]
    [TestCase("$2000000\r\n", "exceeds the limit")]
    [TestCase("*100000\r\n", "exceeds the limit")]
    [TestCase("?what\r\n", "unknown type")]
    [TestCase(":12x\r\n", "bad integer")]
    public async Task Hostile_replies_are_typed_errors(string reply, string expected)
    {
        await using var fake = new FakeServer(Encoding.ASCII.GetBytes(reply));
        await using RespClient client = await RespClient.ConnectAsync(fake.Address);
        var error = Assert.ThrowsAsync<RespException>(async () => await client.RPushAsync("k", "v"));
        Assert.That(error!.Message, Does.Contain(expected));
        Assert.ThrowsAsync<RespException>(async () => await client.PingAsync());
    }

    [Test]
    public async Task A_silent_server_times_out()
    {
        await using var fake = new FakeServer([]);
        await using RespClient client = await RespClient.ConnectAsync(fake.Address, new RespClientOptions { CommandTimeout = TimeSpan.FromMilliseconds(300) });
        var error = Assert.ThrowsAsync<RespException>(async () => await client.PingAsync());
        Assert.That(error!.Message, Does.Contain("no reply"));
    }

    [Test]
    public void Connect_to_a_closed_port_is_a_typed_error()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        Assert.ThrowsAsync<RespException>(async () => await RespClient.ConnectAsync($"127.0.0.1:{port}"));
        Assert.Throws<RespException>(() => RespClient.ParseAddress("no-port"));
        Assert.That(RespClient.ParseAddress("[::1]:6379"), Is.EqualTo(("::1", 6379)));
    }

    /// <summary>Accepts one connection and answers the first command with fixed bytes.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _serve;
        private readonly CancellationTokenSource _stop = new();

        public FakeServer(byte[] reply)
        {
            _listener.Start();
            _serve = ServeAsync(reply);
        }

        public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serve;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Stopped.
            }
            _stop.Dispose();
        }

        private async Task ServeAsync(byte[] reply)
        {
            using Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer, _stop.Token);
            if (reply.Length > 0)
            {
                await socket.SendAsync(reply, _stop.Token);
            }
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }
    }
}
