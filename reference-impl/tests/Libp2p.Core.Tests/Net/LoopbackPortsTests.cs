using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Net;

namespace Libp2p.Core.Tests.Net;

public sealed class LoopbackPortsTests
{
    [Test]
    public void FreeTcp_GivesAPortThatCanBeListenedOn()
    {
        int port = LoopbackPorts.FreeTcp();
        Assert.That(port, Is.InRange(1, 65535));
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Test]
    public void FreeUdp_GivesAPortThatCanBeBound()
    {
        int port = LoopbackPorts.FreeUdp();
        Assert.That(port, Is.InRange(1, 65535));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.That(((IPEndPoint)socket.LocalEndPoint!).Port, Is.EqualTo(port));
    }
}
