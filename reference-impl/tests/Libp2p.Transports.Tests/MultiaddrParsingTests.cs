using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp.Internal;
using Libp2p.Transports.WebSockets.Internal;

namespace Libp2p.Transports.Tests;

/// <summary>Address forms the TCP and WebSocket transports understand (libp2p/specs websockets "Addressing").</summary>
public sealed class MultiaddrParsingTests
{
    [TestCase("/ip4/192.0.2.0/tcp/1234/ws", false, 1234, null)]
    [TestCase("/ip4/192.0.2.0/tcp/1234/tls/ws", true, 1234, null)]
    [TestCase("/ip4/192.0.2.0/ws", false, 80, null)]
    [TestCase("/ip4/192.0.2.0/tls/ws", true, 443, null)]
    [TestCase("/ip4/192.0.2.0/wss", true, 443, null)]
    [TestCase("/dns/example.com/wss", true, 443, null)]
    [TestCase("/dns4/example.com/tcp/4/tls/sni/other.example/ws", true, 4, "other.example")]
    public void Spec_examples_parse_with_default_ports(string text, bool secure, int port, string? sni)
    {
        Assert.That(WebSocketAddress.TryParse(Multiaddr.Parse(text), out var parsed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Secure, Is.EqualTo(secure));
            Assert.That(parsed.Port, Is.EqualTo(port));
            Assert.That(parsed.Sni, Is.EqualTo(sni));
        });
    }

    [Test]
    public void Sni_is_used_as_the_tls_host_name_and_ip6_is_bracketed_nowhere_else()
    {
        Assert.That(WebSocketAddress.TryParse(Multiaddr.Parse("/ip4/127.0.0.1/tcp/1/tls/sni/a.example/ws"), out var sni), Is.True);
        Assert.That(WebSocketAddress.TryParse(Multiaddr.Parse("/ip6/::1/tcp/1/ws"), out var ip6), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(sni.HostName, Is.EqualTo("a.example"));
            Assert.That(ip6.HostName, Is.EqualTo("::1"));
        });
    }

    [Test]
    public void Tcp_endpoints_format_back_to_their_multiaddr()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TcpEndpointAddress.Format(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 4001)), Is.EqualTo("/ip4/127.0.0.1/tcp/4001"));
            Assert.That(TcpEndpointAddress.Format(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 4001)), Is.EqualTo("/ip6/::1/tcp/4001"));
            Assert.That(TcpEndpointAddress.Format(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("::ffff:10.0.0.1"), 5)), Is.EqualTo("/ip4/10.0.0.1/tcp/5"));
        });
    }

    [TestCase("/ip4/1.2.3.4/tcp/5/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA", true)]
    [TestCase("/ip4/1.2.3.4/tcp/5/ws", false)]
    [TestCase("/ip4/1.2.3.4/udp/5", false)]
    [TestCase("/ip4/1.2.3.4", false)]
    public void Tcp_dial_claims_only_bare_tcp(string text, bool dialable)
    {
        Assert.That(new Libp2p.Transports.Tcp.TcpTransport().CanDial(Multiaddr.Parse(text)), Is.EqualTo(dialable));
    }
}
