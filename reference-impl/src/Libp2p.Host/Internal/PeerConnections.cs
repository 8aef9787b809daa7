using System.Collections.Concurrent;
using Libp2p.Core.Identity;

namespace Libp2p.Host.Internal;

/// <summary>
/// Open connections by peer with a lock per peer, never one lock for all: tracking a connection touches only
/// its own peer's entry.
/// </summary>
internal sealed class PeerConnections
{
    private readonly ConcurrentDictionary<PeerId, Entry> _byPeer = new();

    public int PeerCount => _byPeer.Count;

    public void Add(UpgradedConnection connection)
    {
        while (true)
        {
            Entry entry = _byPeer.GetOrAdd(connection.RemotePeer, _ => new Entry());
            lock (entry)
            {
                if (!entry.Retired)
                {
                    entry.Connections.Add(connection);
                    return;
                }
            }
            _byPeer.TryRemove(new KeyValuePair<PeerId, Entry>(connection.RemotePeer, entry));
        }
    }

    /// <summary>Removes <paramref name="connection"/>; returns true when it was the peer's last.</summary>
    public bool Remove(UpgradedConnection connection)
    {
        if (!_byPeer.TryGetValue(connection.RemotePeer, out Entry? entry))
        {
            return true;
        }
        lock (entry)
        {
            entry.Connections.Remove(connection);
            if (entry.Connections.Count > 0)
            {
                return false;
            }
            entry.Retired = true;
        }
        _byPeer.TryRemove(new KeyValuePair<PeerId, Entry>(connection.RemotePeer, entry));
        return true;
    }

    /// <summary>The peer's oldest connection that is not closing, or null.</summary>
    public UpgradedConnection? Find(PeerId peer)
    {
        if (!_byPeer.TryGetValue(peer, out Entry? entry))
        {
            return null;
        }
        lock (entry)
        {
            foreach (UpgradedConnection connection in entry.Connections)
            {
                if (!connection.IsDisposed)
                {
                    return connection;
                }
            }
            return null;
        }
    }

    public UpgradedConnection[] Get(PeerId peer)
    {
        if (!_byPeer.TryGetValue(peer, out Entry? entry))
        {
            return [];
        }
        lock (entry)
        {
            return [.. entry.Connections];
        }
    }

    private sealed class Entry
    {
        public List<UpgradedConnection> Connections { get; } = new(1);

        public bool Retired { get; set; }
    }
}
