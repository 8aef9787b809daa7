using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic;

/// <summary>QUIC v1 multiaddrs: <c>/ip4|ip6/&lt;addr&gt;/udp/&lt;port&gt;/quic-v1</c>, optionally followed by <c>/p2p/&lt;id&gt;</c> (libp2p/specs quic/README.md).</summary>
public static class QuicAddress
{
    /// <summary>Parses a QUIC v1 address; false for anything else (TCP, draft-29 <c>/quic</c>, DNS names, extra components).</summary>
    public static bool TryParse(Multiaddr address, [NotNullWhen(true)] out IPEndPoint? endPoint, out PeerId? peer)
    {
        endPoint = null;
        peer = null;
        IReadOnlyList<MultiaddrComponent> c = address.Components;
        if (c.Count is < 3 or > 4 || c[0].Name is not ("ip4" or "ip6") || c[1].Name != "udp" || c[2].Name != "quic-v1")
        {
            return false;
        }
        return TryParseCore(c, out endPoint, out peer);
    }

    private static bool TryParseCore(IReadOnlyList<MultiaddrComponent> c, [NotNullWhen(true)] out IPEndPoint? endPoint, out PeerId? peer)
    {
        endPoint = null;
        peer = null;
        if (!IPAddress.TryParse(c[0].Value, out IPAddress? ip)
            || !ushort.TryParse(c[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            return false;
        }
        if (c.Count == 4 && (c[3].Name != "p2p" || !PeerId.TryParse(c[3].Value, out peer)))
        {
            return false;
        }
        endPoint = new IPEndPoint(ip, port);
        return true;
    }

    /// <summary>Formats an endpoint as <c>/ip4|ip6/.../udp/PORT/quic-v1</c>.</summary>
    public static Multiaddr Format(IPEndPoint endPoint)
    {
        IPAddress ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        string family = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip4";
        return Multiaddr.Parse($"/{family}/{ip}/udp/{endPoint.Port.ToString(CultureInfo.InvariantCulture)}/quic-v1");
    }
}
