using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Internal;
using Libp2p.Daemon.Protocol;

namespace Libp2p.Daemon.Tests;

/// <summary>Two in-process daemons over loopback, driven through <see cref="DaemonClient"/> and raw control sockets.</summary>
public sealed class DaemonServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    [Requirement("DAEMON-IDENT-001")]
    [Requirement("DAEMON-CTRL-004")]
    public async Task Identify_reports_the_peer_id_and_listen_addresses()
    {
        await using DaemonHost host = await StartAsync();
        DaemonIdentity identity = await new DaemonClient(host.ControlAddress).IdentifyAsync(Timeout());
        Assert.Multiple(() =>
        {
            Assert.That(identity.PeerId, Is.EqualTo(host.Node.PeerId));
            Assert.That(identity.Addresses, Has.Count.EqualTo(1));
            Assert.That(identity.Addresses[0].ToString(), Does.StartWith("/ip4/127.0.0.1/tcp/").And.Not.Contains("/p2p/"));
        });
    }

    [Test]
    [Requirement("DAEMON-CONN-001")]
    [Requirement("DAEMON-CONN-002")]
    [Requirement("DAEMON-CONN-003")]
    public async Task Connect_lists_the_peer_on_both_sides_and_disconnect_removes_it()
    {
        await using DaemonHost a = await StartAsync();
        await using DaemonHost b = await StartAsync();
        var clientA = new DaemonClient(a.ControlAddress);
        var clientB = new DaemonClient(b.ControlAddress);
        Assert.That(await clientA.ListPeersAsync(Timeout()), Is.Empty);
        DaemonIdentity identityB = await clientB.IdentifyAsync(Timeout());
        await clientA.ConnectAsync(identityB.PeerId, identityB.Addresses, cancellationToken: Timeout());
        IReadOnlyList<DaemonPeerInfo> fromA = await clientA.ListPeersAsync(Timeout());
        Assert.That(fromA.Select(p => p.PeerId), Is.EqualTo(new[] { b.Node.PeerId }));
        Assert.That(fromA[0].Addresses, Is.EqualTo(identityB.Addresses), "the connection's remote address is B's listen address");
        await Eventually(async () => (await clientB.ListPeersAsync(Timeout())).Any(p => p.PeerId == a.Node.PeerId));
        await clientA.DisconnectAsync(b.Node.PeerId, Timeout());
        Assert.That(await clientA.ListPeersAsync(Timeout()), Is.Empty);
        await Eventually(async () => (await clientB.ListPeersAsync(Timeout())).Count == 0);
    }

    [TestCase("noise", "yamux")]
    [TestCase("tls", "mplex")]
    [TestCase("plaintext", "yamux")]
    [Requirement("DAEMON-STREAM-001")]
    [Requirement("DAEMON-STREAM-004")]
    [Requirement("DAEMON-STREAM-005")]
    public async Task An_opened_stream_reaches_the_handler_registered_at_the_other_daemon(string security, string muxer)
    {
        await using DaemonHost a = await StartAsync(security, muxer);
        await using DaemonHost b = await StartAsync(security, muxer);
        var clientA = new DaemonClient(a.ControlAddress);
        var clientB = new DaemonClient(b.ControlAddress);
        var seen = new TaskCompletionSource<DaemonStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using DaemonStreamHandlerRegistration registration = await clientB.RegisterStreamHandlerAsync(["/test/echo/1"], async (stream, token) =>
        {
            seen.TrySetResult(stream);
            await stream.Stream.CopyToAsync(stream.Stream, token);
            stream.CloseWrite();
        }, Timeout());
        DaemonIdentity identityB = await clientB.IdentifyAsync(Timeout());
        await clientA.ConnectAsync(identityB.PeerId, identityB.Addresses, cancellationToken: Timeout());
        await using DaemonStream stream = await clientA.OpenStreamAsync(identityB.PeerId, ["/test/other/1", "/test/echo/1"], cancellationToken: Timeout());
        Assert.Multiple(() =>
        {
            Assert.That(stream.Peer, Is.EqualTo(b.Node.PeerId));
            Assert.That(stream.Protocol, Is.EqualTo("/test/echo/1"));
            Assert.That(stream.Address, Is.EqualTo(identityB.Addresses[0]));
        });
        byte[] message = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("daemon stream ", 5000)));
        Task send = Task.Run(async () =>
        {
            await stream.Stream.WriteAsync(message, Timeout());
            stream.CloseWrite();
        });
        var echoed = new MemoryStream();
        await stream.Stream.CopyToAsync(echoed, Timeout());
        await send;
        Assert.That(echoed.ToArray(), Is.EqualTo(message));
        DaemonStream inbound = await seen.Task.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(inbound.Peer, Is.EqualTo(a.Node.PeerId), "StreamInfo names the dialing peer");
            Assert.That(inbound.Protocol, Is.EqualTo("/test/echo/1"));
        });
    }

    [Test]
    [Requirement("DAEMON-STREAM-002")]
    [Requirement("DAEMON-CTRL-002")]
    public async Task Stream_open_to_an_unknown_peer_answers_error_and_the_daemon_keeps_serving()
    {
        await using DaemonHost host = await StartAsync();
        var client = new DaemonClient(host.ControlAddress);
        PeerId stranger = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        Assert.That(async () => await client.OpenStreamAsync(stranger, ["/echo/1.0.0"], cancellationToken: Timeout()),
            Throws.TypeOf<ControlProtocolException>().With.Message.Contains("no known addresses"));
        Assert.That((await client.IdentifyAsync(Timeout())).PeerId, Is.EqualTo(host.Node.PeerId));
    }

    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "bad length prefix", TestName = "Bad varint")]
    [TestCase(new byte[] { 0x02, 0x08, 0x2A }, "unknown request type 42", TestName = "Unknown type")]
    [TestCase(new byte[] { 0x0A, 0x08, 0x01, 0x12 }, "truncated request", TestName = "Truncated frame")]
    [TestCase(new byte[] { 0x03, 0x12, 0x09, 0x0A }, "malformed request", TestName = "Truncated protobuf")]
    [TestCase(new byte[] { 0x02, 0x08, 0x02 }, "STREAM_OPEN request without its body", TestName = "Missing body")]
    [TestCase(new byte[] { 0x80, 0x80, 0x80, 0x08 }, "larger than", TestName = "Oversized")]
    [Requirement("DAEMON-CTRL-003")]
    public async Task Malformed_requests_get_an_error_response_and_the_daemon_keeps_serving(byte[] request, string expected)
    {
        await using DaemonHost host = await StartAsync();
        using Socket socket = await ControlEndpoint.ConnectAsync(host.ControlAddress, Timeout());
        await socket.SendAsync(request, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        Response response = Response.Parser.ParseFrom(await SocketFrames.ReadAsync(socket, 4096, Timeout()));
        Assert.Multiple(() =>
        {
            Assert.That(response.Type, Is.EqualTo(Response.Types.Type.Error));
            Assert.That(response.Error?.Msg, Does.Contain(expected));
        });
        Assert.That((await new DaemonClient(host.ControlAddress).IdentifyAsync(Timeout())).PeerId, Is.EqualTo(host.Node.PeerId));
        Assert.That(host.Server.Faults, Is.Zero, "a client's mistake is answered, never a fault");
    }

    [TestCase(Request.Types.Type.Dht, "DHT not supported yet")]
    [TestCase(Request.Types.Type.Pubsub, "PUBSUB not supported yet")]
    [Requirement("DAEMON-UNSUP-001")]
    public async Task Subsystems_this_daemon_lacks_answer_a_clear_error(Request.Types.Type type, string expected)
    {
        await using DaemonHost host = await StartAsync();
        var request = new Request { Type = type };
        if (type == Request.Types.Type.Dht)
        {
            request.Dht = new DHTRequest { Type = DHTRequest.Types.Type.FindPeer };
        }
        else
        {
            request.Pubsub = new PSRequest { Type = PSRequest.Types.Type.GetTopics };
        }
        Response response = await new DaemonClient(host.ControlAddress).SendAsync(request, Timeout());
        Assert.That(response.Error?.Msg, Does.Contain(expected));
    }

    [Test]
    [Requirement("DAEMON-PSTORE-001")]
    [Requirement("DAEMON-CM-001")]
    public async Task Peerstore_and_connection_manager_requests()
    {
        await using DaemonHost a = await StartAsync();
        await using DaemonHost b = await StartAsync();
        var clientA = new DaemonClient(a.ControlAddress);
        DaemonIdentity identityB = await new DaemonClient(b.ControlAddress).IdentifyAsync(Timeout());
        await clientA.ConnectAsync(identityB.PeerId, identityB.Addresses, cancellationToken: Timeout());
        await Eventually(async () => (await clientA.GetPeerProtocolsAsync(identityB.PeerId, Timeout())).Contains("/ipfs/ping/1.0.0"));
        var tag = new Request
        {
            Type = Request.Types.Type.Connmanager,
            ConnManager = new ConnManagerRequest { Type = ConnManagerRequest.Types.Type.TagPeer, Peer = ByteString.CopyFrom(identityB.PeerId.Bytes), Tag = "keep", Weight = 7 },
        };
        Assert.That((await clientA.SendAsync(tag, Timeout())).Type, Is.EqualTo(Response.Types.Type.Ok));
        Assert.That(a.Server.GetTagWeight(identityB.PeerId, "keep"), Is.EqualTo(7));
        var trim = new Request { Type = Request.Types.Type.Connmanager, ConnManager = new ConnManagerRequest { Type = ConnManagerRequest.Types.Type.Trim } };
        Assert.That((await clientA.SendAsync(trim, Timeout())).Error?.Msg, Does.Contain("not supported yet"));
    }

    [Test]
    [Requirement("DAEMON-CTRL-004")]
    public async Task The_control_endpoint_can_be_a_unix_socket()
    {
        string path = Path.Combine(Path.GetTempPath(), $"p2pd-test-{Guid.NewGuid():N}.sock");
        Multiaddr listen = Multiaddr.Parse("/unix/" + Uri.EscapeDataString(path));
        await using (DaemonHost host = await DaemonHost.StartAsync(new DaemonOptions { Listen = listen }, cancellationToken: Timeout()))
        {
            Assert.That(File.Exists(path), Is.True);
            Assert.That((await new DaemonClient(host.ControlAddress).IdentifyAsync(Timeout())).PeerId, Is.EqualTo(host.Node.PeerId));
        }
        Assert.That(File.Exists(path), Is.False, "the socket file is removed on shutdown");
    }

    private static Task<DaemonHost> StartAsync(string security = "noise", string muxer = "yamux") =>
        DaemonHost.StartAsync(new DaemonOptions { Listen = Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), Security = [security], Muxers = [muxer] }, cancellationToken: Timeout());

    private static CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
