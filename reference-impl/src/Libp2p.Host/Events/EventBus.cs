using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Libp2p.Host.Events;

/// <summary>
/// Typed publish/subscribe for host events (HOST-EVENT-001). Publishing never blocks: each subscriber has its own
/// bounded queue, and events a full queue cannot take are dropped, counted per subscriber and in <see cref="Dropped"/>.
/// </summary>
public sealed class EventBus
{
    /// <summary>Queue length of a subscription when none is given.</summary>
    public const int DefaultCapacity = 256;

    private readonly ConcurrentDictionary<Type, ImmutableArray<object>> _subscribers = new();
    private long _dropped;

    /// <summary>Events dropped across all subscribers.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Subscribes to events of type <typeparamref name="T"/> with a queue of <paramref name="capacity"/>.</summary>
    public EventSubscription<T> Subscribe<T>(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new EventSubscription<T>(capacity, Unsubscribe);
        _subscribers.AddOrUpdate(typeof(T), _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    /// <summary>Number of live subscriptions to <typeparamref name="T"/>.</summary>
    public int SubscriberCount<T>() => _subscribers.TryGetValue(typeof(T), out ImmutableArray<object> list) ? list.Length : 0;

    /// <summary>Delivers <paramref name="item"/> to every subscriber of <typeparamref name="T"/>; returns how many took it.</summary>
    public int Publish<T>(T item)
    {
        if (!_subscribers.TryGetValue(typeof(T), out ImmutableArray<object> list))
        {
            return 0;
        }
        int delivered = 0;
        foreach (object subscriber in list)
        {
            if (((EventSubscription<T>)subscriber).Offer(item))
            {
                delivered++;
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }
        }
        return delivered;
    }

    private void Unsubscribe<T>(EventSubscription<T> subscription)
    {
        while (_subscribers.TryGetValue(typeof(T), out ImmutableArray<object> list))
        {
            ImmutableArray<object> updated = list.Remove(subscription);
            if (updated.Length == list.Length || _subscribers.TryUpdate(typeof(T), updated, list))
            {
                return;
            }
        }
    }
}
