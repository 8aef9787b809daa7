using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>
/// Maps control-endpoint multiaddrs to sockets: <c>/ip4/…/tcp/N</c>, <c>/ip6/…/tcp/N</c> and <c>/unix/&lt;path&gt;</c>
/// (go-libp2p-daemon specs/CONTROL.md: the control socket is a unix socket or a TCP address given with <c>-listen</c>).
/// Also used for the client's stream-handler address the daemon dials back.
/// </summary>
public static class ControlEndpoint
{
    /// <summary>The socket endpoint of <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException">Not a tcp or unix multiaddr.</exception>
    public static EndPoint ToEndPoint(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.TryGetValue("unix", out string? encoded))
        {
            // The value is the percent-encoded path segment (multiaddr protocols/unix.md).
            string path = Uri.UnescapeDataString(encoded);
            return new UnixDomainSocketEndPoint(path.StartsWith('/') ? path : "/" + path);
        }
        if (address.TryGetValue("tcp", out string? port) && int.TryParse(port, out int portNumber))
        {
            if (address.TryGetValue("ip4", out string? ip4))
            {
                return new IPEndPoint(IPAddress.Parse(ip4), portNumber);
            }
            if (address.TryGetValue("ip6", out string? ip6))
            {
                return new IPEndPoint(IPAddress.Parse(ip6), portNumber);
            }
        }
        throw new ArgumentException($"control address {address} is neither /ip4|ip6/…/tcp/N nor /unix/<path>", nameof(address));
    }

    /// <summary>The multiaddr of a bound or connected socket endpoint.</summary>
    public static Multiaddr FromEndPoint(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => Multiaddr.Parse($"/{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip4")}/{ip.Address}/tcp/{ip.Port}"),
        UnixDomainSocketEndPoint unix => Multiaddr.Parse("/unix/" + Uri.EscapeDataString(unix.ToString())),
        _ => throw new ArgumentException($"unsupported endpoint {endPoint}", nameof(endPoint)),
    };

    /// <summary>A new stream socket for <paramref name="endPoint"/>, with Nagle off for TCP.</summary>
    public static Socket CreateSocket(EndPoint endPoint)
    {
        ProtocolType protocol = endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, protocol);
        if (protocol == ProtocolType.Tcp)
        {
            socket.NoDelay = true;
        }
        return socket;
    }

    /// <summary>Connects a socket to <paramref name="address"/>.</summary>
    public static async Task<Socket> ConnectAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        EndPoint endPoint = ToEndPoint(address);
        Socket socket = CreateSocket(endPoint);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
