using System.Collections.Concurrent;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Memory.Internal;

namespace Libp2p.Transports.Memory;

/// <summary>
/// The registry of in-memory listeners, keyed by the <c>/memory/&lt;id&gt;</c> number. <see cref="Default"/> is
/// process-wide; a private hub isolates a test from others running in parallel.
/// </summary>
public sealed class MemoryHub
{
    private readonly ConcurrentDictionary<ulong, MemoryListener> _listeners = new();
    private long _nextId;

    /// <summary>The process-wide hub used by <see cref="MemoryTransport"/> unless another is given.</summary>
    public static MemoryHub Default { get; } = new();

    /// <summary>Number of listeners currently bound.</summary>
    public int ListenerCount => _listeners.Count;

    internal ulong AllocateId()
    {
        while (true)
        {
            var id = (ulong)Interlocked.Increment(ref _nextId);
            if (!_listeners.ContainsKey(id))
            {
                return id;
            }
        }
    }

    internal void Bind(ulong id, MemoryListener listener)
    {
        if (!_listeners.TryAdd(id, listener))
        {
            throw new Libp2pException($"address already in use: {MemoryAddress.Format(id)}");
        }
    }

    internal void Unbind(ulong id, MemoryListener listener) =>
        _listeners.TryRemove(new KeyValuePair<ulong, MemoryListener>(id, listener));

    internal bool TryGet(ulong id, out MemoryListener listener) => _listeners.TryGetValue(id, out listener!);
}
