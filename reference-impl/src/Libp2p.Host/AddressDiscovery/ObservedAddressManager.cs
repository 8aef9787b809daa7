using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.AddressDiscovery;

/// <summary>
/// Turns the <c>observedAddr</c> peers report (identify/README.md, "observedAddr") into confirmed external
/// addresses (IDENTIFY-FIELD-008). Observations are grouped by our local thin-waist address (IP family, transport
/// and local port) and by the observed address; one is confirmed once
/// <see cref="ObservedAddressOptions.ActivationThreshold"/> distinct observer networks (IPv4 /16, IPv6 /56) agree
/// within <see cref="ObservedAddressOptions.ObservationTtl"/>. Pure logic: no I/O, time from the clock. Thread-safe.
/// </summary>
public sealed class ObservedAddressManager
{
    private readonly ObservedAddressOptions _options;
    private readonly Dictionary<string, Dictionary<Multiaddr, Dictionary<string, DateTimeOffset>>> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<Multiaddr> _confirmed = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the manager.</summary>
    public ObservedAddressManager(ObservedAddressOptions? options = null)
    {
        _options = options ?? new ObservedAddressOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ActivationThreshold, 1);
    }

    /// <summary>Addresses currently confirmed.</summary>
    public IReadOnlyList<Multiaddr> ConfirmedAddresses
    {
        get
        {
            lock (_gate)
            {
                return [.. _confirmed];
            }
        }
    }

    /// <summary>
    /// Records that the peer at <paramref name="observerAddress"/>, connected to our <paramref name="localAddress"/>,
    /// sees us as <paramref name="observed"/>. Returns the address when this observation confirmed it, else null.
    /// Observations over a transport other than the one observed, or without an IP observer, are ignored.
    /// </summary>
    public Multiaddr? Record(Multiaddr localAddress, Multiaddr observerAddress, Multiaddr observed)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(observerAddress);
        ArgumentNullException.ThrowIfNull(observed);
        if (ThinWaist(localAddress) is not { } local || ThinWaist(observed) is not { } seen || ObserverGroup(observerAddress) is not { } observer)
        {
            return null;
        }
        // The observed address must use the transport of the connection it was observed on.
        if (local.Transport != seen.Transport || local.Family != seen.Family)
        {
            return null;
        }
        lock (_gate)
        {
            DateTimeOffset now = _options.Clock.GetUtcNow();
            ExpireLocked(now);
            string groupKey = local.Key;
            if (!_groups.TryGetValue(groupKey, out Dictionary<Multiaddr, Dictionary<string, DateTimeOffset>>? group))
            {
                if (_groups.Count >= _options.MaxGroups)
                {
                    return null;
                }
                group = [];
                _groups[groupKey] = group;
            }
            if (!group.TryGetValue(observed, out Dictionary<string, DateTimeOffset>? observers))
            {
                if (group.Count >= _options.MaxAddressesPerGroup)
                {
                    return null;
                }
                observers = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                group[observed] = observers;
            }
            if (!observers.ContainsKey(observer) && observers.Count >= _options.MaxObserversPerAddress)
            {
                return null;
            }
            observers[observer] = now;
            return observers.Count >= _options.ActivationThreshold && _confirmed.Add(observed) ? observed : null;
        }
    }

    /// <summary>Drops observations older than the TTL; returns the addresses that lost their confirmation.</summary>
    public IReadOnlyList<Multiaddr> Expire()
    {
        lock (_gate)
        {
            return ExpireLocked(_options.Clock.GetUtcNow());
        }
    }

    /// <summary>Distinct observer networks currently backing <paramref name="observed"/>.</summary>
    public int ObserverCount(Multiaddr observed)
    {
        lock (_gate)
        {
            ExpireLocked(_options.Clock.GetUtcNow());
            return _groups.Values.Sum(g => g.TryGetValue(observed, out Dictionary<string, DateTimeOffset>? o) ? o.Count : 0);
        }
    }

    private List<Multiaddr> ExpireLocked(DateTimeOffset now)
    {
        DateTimeOffset cutoff = now - _options.ObservationTtl;
        foreach (Dictionary<Multiaddr, Dictionary<string, DateTimeOffset>> group in _groups.Values)
        {
            foreach ((Multiaddr address, Dictionary<string, DateTimeOffset> observers) in group.ToArray())
            {
                foreach ((string observer, DateTimeOffset seenAt) in observers.ToArray())
                {
                    if (seenAt <= cutoff)
                    {
                        observers.Remove(observer);
                    }
                }
                if (observers.Count == 0)
                {
                    group.Remove(address);
                }
            }
        }
        foreach (string key in _groups.Where(g => g.Value.Count == 0).Select(g => g.Key).ToArray())
        {
            _groups.Remove(key);
        }
        var lost = new List<Multiaddr>();
        foreach (Multiaddr address in _confirmed.ToArray())
        {
            int count = _groups.Values.Sum(g => g.TryGetValue(address, out Dictionary<string, DateTimeOffset>? o) ? o.Count : 0);
            if (count < _options.ActivationThreshold)
            {
                _confirmed.Remove(address);
                lost.Add(address);
            }
        }
        return lost;
    }

    private readonly record struct ThinWaistKey(string Family, string Transport, string Key);

    /// <summary>IP family + transport (+ the local port, so each listener is its own group).</summary>
    private static ThinWaistKey? ThinWaist(Multiaddr address)
    {
        IReadOnlyList<MultiaddrComponent> parts = address.Components;
        if (parts.Count < 2 || parts[0].Name is not ("ip4" or "ip6") || parts[1].Name is not ("tcp" or "udp"))
        {
            return null;
        }
        string transport = string.Join('/', parts.Skip(1).Where(c => c.Name != "p2p").Select(c => c.Name));
        return new ThinWaistKey(parts[0].Name, transport, $"{parts[0].Name}/{transport}/{parts[1].Value}");
    }

    /// <summary>The observer's network: IPv4 /16 or IPv6 /56, so one operator cannot confirm alone.</summary>
    private static string? ObserverGroup(Multiaddr observer)
    {
        IReadOnlyList<MultiaddrComponent> parts = observer.Components;
        if (parts.Count == 0 || parts[0].Name is not ("ip4" or "ip6") || !IPAddress.TryParse(parts[0].Value, out IPAddress? ip))
        {
            return null;
        }
        byte[] bytes = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? $"ip4/{bytes[0]}.{bytes[1]}/16"
            : $"ip6/{Convert.ToHexString(bytes, 0, 7)}/56";
    }
}
