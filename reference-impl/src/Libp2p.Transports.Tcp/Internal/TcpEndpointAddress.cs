using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Tcp.Internal;

/// <summary>
/// The <c>/ip4|ip6|dns|dns4|dns6/&lt;host&gt;[/tcp/&lt;port&gt;]</c> prefix of a multiaddr and what follows it.
/// Parsed from the text form, so it only relies on <see cref="Multiaddr.Parse"/> and <see cref="Multiaddr.ToString"/>.
/// </summary>
internal sealed record TcpEndpointAddress(string HostProtocol, string Host, IPAddress? Ip, int? Port, IReadOnlyList<string> Rest)
{
    /// <summary>Whether the host is a name to resolve rather than an IP literal.</summary>
    public bool IsDns => Ip is null;

    public static bool TryParse(Multiaddr address, out TcpEndpointAddress result) => TryParse(address.ToString(), out result);

    public static bool TryParse(string text, out TcpEndpointAddress result)
    {
        result = null!;
        var parts = text.Split('/');
        if (parts.Length < 3 || parts[0].Length != 0 || parts[2].Length == 0)
        {
            return false;
        }
        IPAddress? ip = null;
        switch (parts[1])
        {
            case "ip4":
                if (!IPAddress.TryParse(parts[2], out ip) || ip.AddressFamily != AddressFamily.InterNetwork || parts[2].Contains(':'))
                {
                    return false;
                }
                break;
            case "ip6":
                if (!IPAddress.TryParse(parts[2], out ip) || ip.AddressFamily != AddressFamily.InterNetworkV6 || parts[2].Contains('%'))
                {
                    return false;
                }
                break;
            case "dns" or "dns4" or "dns6":
                if (parts[2].Length > 253)
                {
                    return false;
                }
                break;
            default:
                return false;
        }
        int? port = null;
        var next = 3;
        if (parts.Length >= 5 && parts[3] == "tcp")
        {
            if (!ushort.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                return false;
            }
            port = p;
            next = 5;
        }
        else if (parts.Length == 4 && parts[3] == "tcp")
        {
            return false;
        }
        if (parts.AsSpan(next).Contains(string.Empty))
        {
            return false;
        }
        result = new TcpEndpointAddress(parts[1], parts[2], ip, port, parts[next..]);
        return true;
    }

    /// <summary>The rest after the TCP part, with a trailing <c>/p2p/&lt;id&gt;</c> removed.</summary>
    public IReadOnlyList<string> RestWithoutPeerId =>
        Rest.Count >= 2 && Rest[^2] == "p2p" ? Rest.Take(Rest.Count - 2).ToArray() : Rest;

    public static string Format(IPEndPoint endpoint)
    {
        var ip = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        var protocol = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip4";
        if (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId != 0)
        {
            ip = new IPAddress(ip.GetAddressBytes());
        }
        return string.Create(CultureInfo.InvariantCulture, $"/{protocol}/{ip}/tcp/{endpoint.Port}");
    }

    /// <summary>Resolves the host (IP literal or DNS name, honouring dns4/dns6) to an endpoint.</summary>
    public async ValueTask<IPEndPoint> ResolveAsync(int defaultPort, CancellationToken cancellationToken)
    {
        var port = Port ?? defaultPort;
        if (Ip is not null)
        {
            return new IPEndPoint(Ip, port);
        }
        var family = HostProtocol switch
        {
            "dns4" => AddressFamily.InterNetwork,
            "dns6" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(Host, family, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw SocketErrors.ToTransportException(e, $"resolve {Host}");
        }
        if (addresses.Length == 0)
        {
            throw new TransportException(TransportErrorKind.NameResolution, $"resolve {Host}: no {family} address");
        }
        // Prefer IPv4 for plain /dns so that "localhost" behaves the same on hosts with and without IPv6.
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        return new IPEndPoint(chosen, port);
    }
}
