using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Libp2p.Host.PeerStore;

/// <summary>
/// In-memory peer store (HOST-PSTORE-001..004): address book with TTLs and signed-record preference, key book,
/// protocol book and metadata, bounded by <see cref="PeerStoreOptions"/>. Thread-safe. When full, the least
/// recently seen disconnected peer is evicted; if every stored peer is connected, a new peer is not stored.
/// </summary>
public sealed partial class MemoryPeerStore
{
    private readonly PeerStoreOptions _options;
    private readonly Dictionary<PeerId, PeerEntry> _peers = [];
    private readonly Lock _gate = new();

    /// <summary>Creates an empty store.</summary>
    public MemoryPeerStore(PeerStoreOptions? options = null)
    {
        _options = options ?? new PeerStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPeers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAddressesPerPeer, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxProtocolsPerPeer, 1);
    }

    /// <summary>Number of peers stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _peers.Count;
            }
        }
    }

    /// <summary>Every stored peer.</summary>
    public IReadOnlyList<PeerId> Peers
    {
        get
        {
            lock (_gate)
            {
                return [.. _peers.Keys];
            }
        }
    }

    /// <summary>Whether anything is stored about <paramref name="peer"/>.</summary>
    public bool Contains(PeerId peer)
    {
        lock (_gate)
        {
            return _peers.ContainsKey(peer);
        }
    }

    /// <summary>Counts a new open connection to <paramref name="peer"/> (connected peers are never evicted).</summary>
    public void MarkConnected(PeerId peer)
    {
        lock (_gate)
        {
            if (GetOrCreate(peer) is { } entry)
            {
                entry.Connections++;
            }
        }
    }

    /// <summary>
    /// Counts a closed connection; after the last one, addresses held with <see cref="AddressTtl.Connected"/> drop to
    /// <see cref="AddressTtl.RecentlyConnected"/> (go-libp2p's identify does the same on disconnect).
    /// </summary>
    public void MarkDisconnected(PeerId peer)
    {
        lock (_gate)
        {
            if (!_peers.TryGetValue(peer, out PeerEntry? entry))
            {
                return;
            }
            entry.Connections = Math.Max(0, entry.Connections - 1);
            entry.LastSeen = Now;
            if (entry.Connections == 0)
            {
                DateTimeOffset connectedExpiry = ExpiryOf(AddressTtl.Connected);
                DateTimeOffset recent = ExpiryOf(AddressTtl.RecentlyConnected);
                foreach (PeerAddress address in entry.Addresses.Values.ToArray())
                {
                    if (address.Expires == connectedExpiry)
                    {
                        entry.Addresses[address.Address] = address with { Expires = recent };
                    }
                }
            }
        }
    }

    /// <summary>Whether a connection to <paramref name="peer"/> is open.</summary>
    public bool IsConnected(PeerId peer)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out PeerEntry? entry) && entry.Connections > 0;
        }
    }

    /// <summary>Forgets everything about <paramref name="peer"/>.</summary>
    public bool Remove(PeerId peer)
    {
        lock (_gate)
        {
            return _peers.Remove(peer);
        }
    }

    private DateTimeOffset Now => _options.Clock.GetUtcNow();

    private DateTimeOffset ExpiryOf(TimeSpan ttl) =>
        ttl == AddressTtl.Permanent ? DateTimeOffset.MaxValue
        : ttl == AddressTtl.Connected ? DateTimeOffset.MaxValue.AddTicks(-1)
        : ttl >= DateTimeOffset.MaxValue.AddTicks(-2) - Now ? DateTimeOffset.MaxValue.AddTicks(-2)
        : Now + ttl;

    /// <summary>Finds or makes room for <paramref name="peer"/>; null when the store is full of connected peers.</summary>
    private PeerEntry? GetOrCreate(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (_peers.TryGetValue(peer, out PeerEntry? entry))
        {
            entry.LastSeen = Now;
            return entry;
        }
        if (_peers.Count >= _options.MaxPeers && !EvictOne())
        {
            return null;
        }
        entry = new PeerEntry { LastSeen = Now };
        _peers[peer] = entry;
        return entry;
    }

    private bool EvictOne()
    {
        PeerId? victim = null;
        DateTimeOffset oldest = DateTimeOffset.MaxValue;
        foreach ((PeerId id, PeerEntry entry) in _peers)
        {
            if (entry.Connections == 0 && entry.LastSeen < oldest)
            {
                oldest = entry.LastSeen;
                victim = id;
            }
        }
        return victim is not null && _peers.Remove(victim);
    }
}
