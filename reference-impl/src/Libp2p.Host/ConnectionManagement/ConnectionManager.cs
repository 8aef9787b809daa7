using System.Collections.Concurrent;
using Libp2p.Core.Identity;

namespace Libp2p.Host.ConnectionManagement;

/// <summary>
/// Keeps the number of open connections between watermarks (libp2p/specs connections/README.md, "Connection
/// Limits"; go-libp2p's BasicConnMgr is the deployed model): above <see cref="ConnectionManagerOptions.HighWater"/>
/// it closes connections until <see cref="ConnectionManagerOptions.LowWater"/> remain, lowest peer score first,
/// never a protected peer and never a connection younger than the grace period (HOST-CONNMGR-001, -002, -004).
/// </summary>
public sealed class ConnectionManager
{
    private readonly ConnectionManagerOptions _options;
    private readonly ConcurrentDictionary<UpgradedConnection, DateTimeOffset> _opened = new();
    private readonly ConcurrentDictionary<PeerId, Dictionary<string, int>> _tags = new();
    private readonly ConcurrentDictionary<PeerId, HashSet<string>> _protections = new();

    /// <summary>Creates the manager.</summary>
    public ConnectionManager(ConnectionManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LowWater < 0 || options.HighWater < options.LowWater)
        {
            throw new ArgumentException("watermarks need 0 <= low <= high", nameof(options));
        }
        _options = options;
    }

    /// <summary>The watermarks and grace period.</summary>
    public ConnectionManagerOptions Options => _options;

    /// <summary>Connections the manager tracks.</summary>
    public int ConnectionCount => _opened.Count;

    /// <summary>Whether more connections are open than the high watermark allows.</summary>
    public bool IsOverHighWater => _opened.Count > _options.HighWater;

    /// <summary>Sets the tag <paramref name="tag"/> of <paramref name="peer"/> to <paramref name="value"/>; a peer's score is the sum of its tags.</summary>
    public void TagPeer(PeerId peer, string tag, int value)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        Dictionary<string, int> tags = _tags.GetOrAdd(peer, _ => new(StringComparer.Ordinal));
        lock (tags)
        {
            tags[tag] = value;
        }
    }

    /// <summary>Removes a tag of <paramref name="peer"/>.</summary>
    public void UntagPeer(PeerId peer, string tag)
    {
        if (_tags.TryGetValue(peer, out Dictionary<string, int>? tags))
        {
            lock (tags)
            {
                tags.Remove(tag);
            }
        }
    }

    /// <summary>The peer's score: the sum of its tag values.</summary>
    public int GetScore(PeerId peer)
    {
        if (!_tags.TryGetValue(peer, out Dictionary<string, int>? tags))
        {
            return 0;
        }
        lock (tags)
        {
            return tags.Values.Sum();
        }
    }

    /// <summary>Protects <paramref name="peer"/> from trimming under <paramref name="tag"/>.</summary>
    public void Protect(PeerId peer, string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        HashSet<string> tags = _protections.GetOrAdd(peer, _ => new(StringComparer.Ordinal));
        lock (tags)
        {
            tags.Add(tag);
        }
    }

    /// <summary>Drops the protection <paramref name="tag"/>; returns whether the peer is still protected by another tag.</summary>
    public bool Unprotect(PeerId peer, string tag)
    {
        if (!_protections.TryGetValue(peer, out HashSet<string>? tags))
        {
            return false;
        }
        lock (tags)
        {
            tags.Remove(tag);
            return tags.Count > 0;
        }
    }

    /// <summary>Whether <paramref name="peer"/> is protected by any tag.</summary>
    public bool IsProtected(PeerId peer)
    {
        if (!_protections.TryGetValue(peer, out HashSet<string>? tags))
        {
            return false;
        }
        lock (tags)
        {
            return tags.Count > 0;
        }
    }

    /// <summary>
    /// The connections a trim would close now: none unless above the high watermark; then enough to come down to
    /// the low watermark, among unprotected connections past their grace period, lowest score first and, within a
    /// score, the newest first (it has the least invested in it).
    /// </summary>
    public IReadOnlyList<UpgradedConnection> SelectForTrim()
    {
        int count = _opened.Count;
        if (count <= _options.HighWater)
        {
            return [];
        }
        DateTimeOffset graceEnd = _options.Clock.GetUtcNow() - _options.GracePeriod;
        return _opened
            .Where(e => e.Value <= graceEnd && !IsProtected(e.Key.RemotePeer))
            .Select(e => (Connection: e.Key, Opened: e.Value, Score: GetScore(e.Key.RemotePeer)))
            .OrderBy(e => e.Score)
            .ThenByDescending(e => e.Opened)
            .Take(count - _options.LowWater)
            .Select(e => e.Connection)
            .ToArray();
    }

    /// <summary>Closes what <see cref="SelectForTrim"/> selects; returns how many connections were closed.</summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<UpgradedConnection> victims = SelectForTrim();
        foreach (UpgradedConnection connection in victims)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _opened.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        return victims.Count;
    }

    /// <summary>Starts tracking <paramref name="connection"/>, opened now.</summary>
    public void Opened(UpgradedConnection connection) => _opened[connection] = _options.Clock.GetUtcNow();

    /// <summary>Stops tracking <paramref name="connection"/>.</summary>
    public void Closed(UpgradedConnection connection) => _opened.TryRemove(connection, out _);

    /// <summary>Forgets tags and protections of a peer that left for good.</summary>
    public void ForgetPeer(PeerId peer)
    {
        _tags.TryRemove(peer, out _);
        _protections.TryRemove(peer, out _);
    }
}
