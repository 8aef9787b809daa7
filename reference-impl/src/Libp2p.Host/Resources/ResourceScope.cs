namespace Libp2p.Host.Resources;

/// <summary>
/// One scope of the <see cref="ResourceManager"/>: lock-free counters checked against <see cref="Limits"/>.
/// Reserving compares and swaps each counter, so the accept path never takes a lock shared by all connections.
/// </summary>
public sealed class ResourceScope
{
    private long _inboundConnections;
    private long _outboundConnections;
    private long _connections;
    private long _inboundStreams;
    private long _outboundStreams;
    private long _streams;
    private long _memory;

    // Live reservations holding this scope; -1 once a dynamic scope is retired from its table.
    private int _holders;

    internal ResourceScope(string name, ResourceScopeKind kind, ScopeLimits limits)
    {
        Name = name;
        Kind = kind;
        Limits = limits;
    }

    /// <summary>The key of a dynamic scope in its manager's table.</summary>
    internal object? TableKey { get; init; }

    /// <summary>The scope's name: <c>system</c>, <c>transient</c>, <c>peer:&lt;id&gt;</c>, <c>protocol:&lt;id&gt;</c>, <c>service:&lt;name&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>The scope's level.</summary>
    public ResourceScopeKind Kind { get; }

    /// <summary>The scope's limits.</summary>
    public ScopeLimits Limits { get; }

    /// <summary>Open inbound connections.</summary>
    public long InboundConnections => Volatile.Read(ref _inboundConnections);

    /// <summary>Open outbound connections.</summary>
    public long OutboundConnections => Volatile.Read(ref _outboundConnections);

    /// <summary>Open inbound streams.</summary>
    public long InboundStreams => Volatile.Read(ref _inboundStreams);

    /// <summary>Open outbound streams.</summary>
    public long OutboundStreams => Volatile.Read(ref _outboundStreams);

    /// <summary>Open streams in both directions: the one counter the <see cref="ScopeLimits.Streams"/> limit is checked against.</summary>
    public long Streams => Volatile.Read(ref _streams);

    /// <summary>Reserved memory in bytes.</summary>
    public long Memory => Volatile.Read(ref _memory);

    /// <summary>Whether nothing is reserved in this scope.</summary>
    public bool IsIdle => InboundConnections == 0 && OutboundConnections == 0 && InboundStreams == 0 && OutboundStreams == 0 && Memory == 0;

    internal bool TryAddHolder()
    {
        while (true)
        {
            int holders = Volatile.Read(ref _holders);
            if (holders < 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _holders, holders + 1, holders) == holders)
            {
                return true;
            }
        }
    }

    /// <summary>Drops one holder; true when this was the last and the scope is now retired.</summary>
    internal bool RemoveHolderAndTryRetire() =>
        Interlocked.Decrement(ref _holders) == 0 && Interlocked.CompareExchange(ref _holders, -1, 0) == 0;

    /// <summary>Reserves <paramref name="amount"/> of <paramref name="kind"/>, or throws when a limit is hit.</summary>
    internal void Reserve(ResourceKind kind, long amount)
    {
        switch (kind)
        {
            case ResourceKind.InboundConnection:
                ReservePair(ref _inboundConnections, Limits.InboundConnections, ref _connections, Limits.Connections, kind, amount);
                break;
            case ResourceKind.OutboundConnection:
                ReservePair(ref _outboundConnections, Limits.OutboundConnections, ref _connections, Limits.Connections, kind, amount);
                break;
            case ResourceKind.InboundStream:
                ReservePair(ref _inboundStreams, Limits.InboundStreams, ref _streams, Limits.Streams, kind, amount);
                break;
            case ResourceKind.OutboundStream:
                ReservePair(ref _outboundStreams, Limits.OutboundStreams, ref _streams, Limits.Streams, kind, amount);
                break;
            default:
                if (!TryAdd(ref _memory, amount, Limits.Memory))
                {
                    throw new ResourceLimitExceededException(Name, kind, Limits.Memory);
                }
                break;
        }
    }

    internal void Release(ResourceKind kind, long amount)
    {
        switch (kind)
        {
            case ResourceKind.InboundConnection:
                Interlocked.Add(ref _inboundConnections, -amount);
                Interlocked.Add(ref _connections, -amount);
                break;
            case ResourceKind.OutboundConnection:
                Interlocked.Add(ref _outboundConnections, -amount);
                Interlocked.Add(ref _connections, -amount);
                break;
            case ResourceKind.InboundStream:
                Interlocked.Add(ref _inboundStreams, -amount);
                Interlocked.Add(ref _streams, -amount);
                break;
            case ResourceKind.OutboundStream:
                Interlocked.Add(ref _outboundStreams, -amount);
                Interlocked.Add(ref _streams, -amount);
                break;
            default:
                Interlocked.Add(ref _memory, -amount);
                break;
        }
    }

    private void ReservePair(ref long directional, int directionalLimit, ref long total, int totalLimit, ResourceKind kind, long amount)
    {
        if (!TryAdd(ref directional, amount, directionalLimit))
        {
            throw new ResourceLimitExceededException(Name, kind, directionalLimit);
        }
        if (!TryAdd(ref total, amount, totalLimit))
        {
            Interlocked.Add(ref directional, -amount);
            throw new ResourceLimitExceededException(Name, kind, totalLimit);
        }
    }

    private static bool TryAdd(ref long counter, long amount, long limit)
    {
        while (true)
        {
            long current = Volatile.Read(ref counter);
            if (current + amount > limit)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref counter, current + amount, current) == current)
            {
                return true;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
