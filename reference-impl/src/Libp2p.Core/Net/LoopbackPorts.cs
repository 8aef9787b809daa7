using System.Net;
using System.Net.Sockets;

namespace Libp2p.Core.Net;

/// <summary>
/// Loopback ports that were free a moment ago (bound, read, released), for programs that must name a port before
/// something else listens on it, or a port nobody listens on. Another process may take it in between; callers retry
/// or accept that.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>A TCP port on 127.0.0.1.</summary>
    public static int FreeTcp() => Free(SocketType.Stream, ProtocolType.Tcp);

    /// <summary>A UDP port on 127.0.0.1.</summary>
    public static int FreeUdp() => Free(SocketType.Dgram, ProtocolType.Udp);

    private static int Free(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
