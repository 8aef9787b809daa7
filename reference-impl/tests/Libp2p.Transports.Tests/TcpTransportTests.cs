using System.Net.Sockets;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.Tcp.Internal;

namespace Libp2p.Transports.Tests;

/// <summary>TCP socket hygiene and the port-reuse option.</summary>
public sealed class TcpTransportTests
{
    private static int PortOf(Multiaddr address) =>
        int.Parse(address.ToString().Split('/')[4], System.Globalization.CultureInfo.InvariantCulture);

    [TestCase(AddressFamily.InterNetwork)]
    [TestCase(AddressFamily.InterNetworkV6)]
    public void Every_socket_has_nagle_disabled(AddressFamily family)
    {
        using var socket = TcpSockets.Create(family, portReuse: false);
        Assert.That(socket.NoDelay, Is.True);
    }

    [Test]
    public async Task Without_port_reuse_a_second_listener_on_the_same_port_fails_with_address_in_use()
    {
        var transport = new TcpTransport();
        await using var first = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var error = Assert.ThrowsAsync<TransportException>(async () => await transport.ListenAsync(first.LocalAddress));
        Assert.That(error!.Kind, Is.EqualTo(TransportErrorKind.AddressInUse));
    }

    [Test]
    public async Task With_port_reuse_listeners_share_a_port_and_dials_leave_from_it()
    {
        var transport = new TcpTransport(new TcpTransportOptions { PortReuse = true });
        await using var first = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        await using var second = await transport.ListenAsync(first.LocalAddress);
        Assert.That(second.LocalAddress, Is.EqualTo(first.LocalAddress));

        var other = new TcpTransport();
        await using var remote = await other.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var accept = remote.AcceptAsync().AsTask();
        await using var dialed = await transport.DialAsync(remote.LocalAddress);
        await using var accepted = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(PortOf(dialed.LocalAddress), Is.EqualTo(PortOf(first.LocalAddress)));
            Assert.That(accepted.RemoteAddress, Is.EqualTo(first.LocalAddress), "the remote observes our listen port");
        });
    }

    [Test]
    public void Listening_on_a_non_tcp_address_is_an_argument_error()
    {
        var transport = new TcpTransport();
        Assert.ThrowsAsync<ArgumentException>(async () => await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws")));
        Assert.ThrowsAsync<ArgumentException>(async () => await transport.DialAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/1")));
    }
}
