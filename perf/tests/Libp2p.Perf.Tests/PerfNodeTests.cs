using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

[CancelAfter(60_000)]
public sealed class PerfNodeTests
{
    [Test]
    public void Server_identity_is_the_upstream_fixed_peer_id() =>
        Assert.That(PeerId.FromPublicKey(PerfNode.ServerIdentity().PublicKey).ToString(), Is.EqualTo("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN"));

    [TestCase("1.2.3.4")]
    [TestCase("host:80")]
    [TestCase("1.2.3.4:99999")]
    public void Bad_server_addresses_are_rejected(string address) => Assert.Throws<FormatException>(() => PerfNode.TcpAddress(address));

    [Test]
    public void Server_address_maps_to_a_tcp_multiaddr()
    {
        Assert.That(PerfNode.TcpAddress("127.0.0.1:4001").ToString(), Is.EqualTo("/ip4/127.0.0.1/tcp/4001"));
        Assert.That(PerfNode.TcpAddress("[::1]:5").ToString(), Is.EqualTo("/ip6/::1/tcp/5"));
    }

    [Test]
    public async Task Client_prints_json_lines_ending_with_one_final_line()
    {
        await using Node server = PerfNode.CreateServer();
        Multiaddr bound = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Assert.That(bound.ToString(), Does.EndWith("/p2p/" + PerfNode.ServerPeerId));
        string port = bound.ToString().Split('/')[4];
        var output = new StringWriter();
        PerfSample final = await PerfNode.RunClientAsync("127.0.0.1:" + port, 1_000_000, 2_000_000, output);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        PerfSample?[] parsed = lines.Select(PerfSample.TryParse).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Has.All.Not.Null, "every stdout line is a perf sample");
            Assert.That(parsed[^1]!.Type, Is.EqualTo(PerfSample.Final));
            Assert.That(parsed.Count(p => p!.Type == PerfSample.Final), Is.EqualTo(1));
            Assert.That(parsed[^1]!.UploadBytes, Is.EqualTo(1_000_000));
            Assert.That(parsed[^1]!.DownloadBytes, Is.EqualTo(2_000_000));
            Assert.That(parsed[^1], Is.EqualTo(final));
        });
    }

    [Test]
    public void Transports_map_to_their_multiaddrs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PerfNode.Address("127.0.0.1:4001", "tcp").ToString(), Is.EqualTo("/ip4/127.0.0.1/tcp/4001"));
            Assert.That(PerfNode.Address("127.0.0.1:4001", "ws").ToString(), Is.EqualTo("/ip4/127.0.0.1/tcp/4001/ws"));
            Assert.That(PerfNode.Address("127.0.0.1:4001", "quic-v1").ToString(), Is.EqualTo("/ip4/127.0.0.1/udp/4001/quic-v1"));
            Assert.That(PerfNode.Address("[::1]:4001", "quic-v1").ToString(), Is.EqualTo("/ip6/::1/udp/4001/quic-v1"));
            Assert.That(() => PerfNode.Address("127.0.0.1:4001", "udp"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("tcp, ws or quic-v1"));
            Assert.That(() => PerfNode.Address("127.0.0.1", "quic-v1"), Throws.TypeOf<FormatException>());
            Assert.That(PerfNode.UnsupportedTransportReason("ws"), Is.Null);
            Assert.That(PerfNode.UnsupportedTransportReason("quic-v1"), Is.Null);
        });
    }

    [Test]
    public async Task Client_runs_over_quic_v1_against_a_server_listening_on_tcp_and_quic()
    {
        await using Node server = PerfNode.CreateServer();
        await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Multiaddr bound = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        Assert.That(bound.ToString(), Does.Contain("/quic-v1/p2p/" + PerfNode.ServerPeerId));
        string port = bound.ToString().Split('/')[4];
        var output = new StringWriter();
        PerfSample final = await PerfNode.RunClientAsync("127.0.0.1:" + port, "quic-v1", 300_000, 700_000, output);
        Assert.Multiple(() =>
        {
            Assert.That(final.UploadBytes, Is.EqualTo(300_000));
            Assert.That(final.DownloadBytes, Is.EqualTo(700_000));
            Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(PerfSample.TryParse), Has.All.Not.Null);
        });
    }

    [Test]
    public async Task Client_runs_over_websockets()
    {
        await using Node server = PerfNode.CreateServer();
        Multiaddr bound = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"));
        Assert.That(bound.ToString(), Does.Contain("/ws/p2p/"));
        string port = bound.ToString().Split('/')[4];
        var output = new StringWriter();
        PerfSample final = await PerfNode.RunClientAsync("127.0.0.1:" + port, "ws", 300_000, 500_000, output);
        Assert.Multiple(() =>
        {
            Assert.That(final.UploadBytes, Is.EqualTo(300_000));
            Assert.That(final.DownloadBytes, Is.EqualTo(500_000));
        });
    }
}
