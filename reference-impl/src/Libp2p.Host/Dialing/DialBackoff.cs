using System.Collections.Concurrent;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Dialing;

/// <summary>
/// Remembers failed addresses and keeps the dialer off them for a while (HOST-DIAL-010): base + coefficient ×
/// failures², capped (go-libp2p's swarm backoff). A successful connection to the peer clears its entries.
/// Bounded: at most <see cref="MaxPeers"/> peers are tracked; expired entries go first when room is needed.
/// </summary>
public sealed class DialBackoff(DialerOptions options)
{
    /// <summary>The most peers tracked at once.</summary>
    public const int MaxPeers = 4096;

    private readonly ConcurrentDictionary<PeerId, Dictionary<Multiaddr, (int Failures, DateTimeOffset Until)>> _peers = new();

    /// <summary>Whether <paramref name="address"/> of <paramref name="peer"/> is still backed off.</summary>
    public bool IsBackedOff(PeerId peer, Multiaddr address)
    {
        if (!_peers.TryGetValue(peer, out var entries))
        {
            return false;
        }
        lock (entries)
        {
            return entries.TryGetValue(address, out var entry) && entry.Until > options.Clock.GetUtcNow();
        }
    }

    /// <summary>When the backoff of <paramref name="address"/> ends, or null when it is not backed off.</summary>
    public DateTimeOffset? BackedOffUntil(PeerId peer, Multiaddr address)
    {
        if (!_peers.TryGetValue(peer, out var entries))
        {
            return null;
        }
        lock (entries)
        {
            return entries.TryGetValue(address, out var entry) && entry.Until > options.Clock.GetUtcNow() ? entry.Until : null;
        }
    }

    /// <summary>Records a failed dial of <paramref name="address"/> and returns how long it is now backed off.</summary>
    public TimeSpan RecordFailure(PeerId peer, Multiaddr address)
    {
        if (!_peers.ContainsKey(peer) && _peers.Count >= MaxPeers)
        {
            Prune();
        }
        var entries = _peers.GetOrAdd(peer, _ => []);
        lock (entries)
        {
            int failures = entries.TryGetValue(address, out var entry) ? entry.Failures + 1 : 1;
            double ticks = options.BackoffBase.Ticks + (options.BackoffCoefficient.Ticks * (double)failures * failures);
            TimeSpan backoff = ticks >= options.BackoffMax.Ticks ? options.BackoffMax : TimeSpan.FromTicks((long)ticks);
            entries[address] = (failures, options.Clock.GetUtcNow() + backoff);
            return backoff;
        }
    }

    /// <summary>Forgets every failure of <paramref name="peer"/> (it connected).</summary>
    public void Clear(PeerId peer) => _peers.TryRemove(peer, out _);

    /// <summary>Peers with at least one entry.</summary>
    public int Count => _peers.Count;

    private void Prune()
    {
        DateTimeOffset now = options.Clock.GetUtcNow();
        foreach (var (peer, entries) in _peers)
        {
            bool expired;
            lock (entries)
            {
                expired = entries.Values.All(e => e.Until <= now);
            }
            if (expired)
            {
                _peers.TryRemove(peer, out _);
            }
        }
        // Still full of live entries: drop an arbitrary peer rather than grow without bound.
        while (_peers.Count >= MaxPeers && _peers.Keys.FirstOrDefault() is { } victim)
        {
            _peers.TryRemove(victim, out _);
        }
    }
}
