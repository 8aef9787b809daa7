using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Libp2p.Interop.Node;

/// <summary>
/// The address a listener publishes. test-plans binds listeners to <c>0.0.0.0</c> (docs/TEST-PLANS.md §1.1: "the
/// listener must discover and publish a routable interface address"); a wildcard is never published: an up,
/// non-loopback interface address is preferred, loopback when that is all there is.
/// </summary>
public static class PublishedAddress
{
    /// <summary>Rewrites the wildcard IP of <paramref name="boundMultiaddr"/> (e.g. <c>/ip4/0.0.0.0/tcp/4001/p2p/...</c>) to one of <paramref name="candidates"/>.</summary>
    public static string Resolve(string boundMultiaddr, IEnumerable<IPAddress> candidates)
    {
        ArgumentNullException.ThrowIfNull(boundMultiaddr);
        ArgumentNullException.ThrowIfNull(candidates);
        List<IPAddress> all = candidates.ToList();
        if (boundMultiaddr.StartsWith("/ip4/0.0.0.0/", StringComparison.Ordinal))
        {
            IPAddress chosen = all.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
            return "/ip4/" + chosen + boundMultiaddr["/ip4/0.0.0.0".Length..];
        }
        if (boundMultiaddr.StartsWith("/ip6/::/", StringComparison.Ordinal))
        {
            IPAddress chosen = all.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal) ?? IPAddress.IPv6Loopback;
            return "/ip6/" + chosen + boundMultiaddr["/ip6/::".Length..];
        }
        return boundMultiaddr;
    }

    /// <summary>Unicast addresses of the interfaces that are up on this host.</summary>
    public static IReadOnlyList<IPAddress> LocalCandidates() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .ToList();
}
