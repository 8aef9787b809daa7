using Libp2p.Core.Identity;

namespace Libp2p.Host.PeerStore;

/// <summary>Key book, protocol book and metadata (HOST-PSTORE-002).</summary>
public sealed partial class MemoryPeerStore
{
    /// <summary>Metadata key of the peer's agentVersion (identify/README.md).</summary>
    public const string AgentVersionKey = "AgentVersion";

    /// <summary>Metadata key of the peer's protocolVersion (identify/README.md).</summary>
    public const string ProtocolVersionKey = "ProtocolVersion";

    /// <summary>Stores the peer's public key; refused (false) when it does not derive <paramref name="peer"/>.</summary>
    public bool AddPublicKey(PeerId peer, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!peer.Matches(key))
        {
            return false;
        }
        lock (_gate)
        {
            if (GetOrCreate(peer) is not { } entry)
            {
                return false;
            }
            entry.PublicKey = key;
            return true;
        }
    }

    /// <summary>The peer's public key: stored, or extracted from an inline (identity-hash) peer ID.</summary>
    public PublicKey? GetPublicKey(PeerId peer)
    {
        lock (_gate)
        {
            if (_peers.TryGetValue(peer, out PeerEntry? entry) && entry.PublicKey is { } key)
            {
                return key;
            }
        }
        return peer.TryExtractPublicKey();
    }

    /// <summary>Replaces the peer's protocols (at most <see cref="PeerStoreOptions.MaxProtocolsPerPeer"/> are kept).</summary>
    public void SetProtocols(PeerId peer, IEnumerable<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        lock (_gate)
        {
            if (GetOrCreate(peer) is { } entry)
            {
                entry.Protocols.Clear();
                AddProtocolsLocked(entry, protocols);
            }
        }
    }

    /// <summary>Adds protocols to the peer's set, up to the bound.</summary>
    public void AddProtocols(PeerId peer, IEnumerable<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        lock (_gate)
        {
            if (GetOrCreate(peer) is { } entry)
            {
                AddProtocolsLocked(entry, protocols);
            }
        }
    }

    /// <summary>Removes protocols from the peer's set.</summary>
    public void RemoveProtocols(PeerId peer, IEnumerable<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        lock (_gate)
        {
            if (_peers.TryGetValue(peer, out PeerEntry? entry))
            {
                var removed = new HashSet<string>(protocols, StringComparer.Ordinal);
                entry.Protocols.RemoveAll(removed.Contains);
            }
        }
    }

    /// <summary>The peer's protocols, in the order learned.</summary>
    public IReadOnlyList<string> GetProtocols(PeerId peer)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out PeerEntry? entry) ? [.. entry.Protocols] : [];
        }
    }

    /// <summary>Whether the peer is known to speak <paramref name="protocol"/>.</summary>
    public bool SupportsProtocol(PeerId peer, string protocol)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out PeerEntry? entry) && entry.Protocols.Contains(protocol, StringComparer.Ordinal);
        }
    }

    /// <summary>Stores a metadata value (e.g. <see cref="AgentVersionKey"/>); beyond the bound new keys are ignored.</summary>
    public void PutMetadata(PeerId peer, string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (GetOrCreate(peer) is { } entry && (entry.Metadata.ContainsKey(key) || entry.Metadata.Count < _options.MaxMetadataPerPeer))
            {
                entry.Metadata[key] = value;
            }
        }
    }

    /// <summary>A stored metadata value, or null.</summary>
    public string? GetMetadata(PeerId peer, string key)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out PeerEntry? entry) && entry.Metadata.TryGetValue(key, out string? value) ? value : null;
        }
    }

    private void AddProtocolsLocked(PeerEntry entry, IEnumerable<string> protocols)
    {
        foreach (string protocol in protocols)
        {
            if (entry.Protocols.Count >= _options.MaxProtocolsPerPeer)
            {
                return;
            }
            if (!string.IsNullOrEmpty(protocol) && !entry.Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                entry.Protocols.Add(protocol);
            }
        }
    }
}
