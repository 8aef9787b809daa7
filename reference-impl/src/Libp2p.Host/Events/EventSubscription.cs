using System.Threading.Channels;

namespace Libp2p.Host.Events;

/// <summary>
/// One subscriber's bounded queue of <typeparamref name="T"/> events. When the subscriber falls behind, new events
/// are dropped and counted in <see cref="Dropped"/>: a slow subscriber never blocks the node. Dispose unsubscribes.
/// </summary>
public sealed class EventSubscription<T> : IDisposable
{
    private readonly Channel<T> _channel;
    private readonly Action<EventSubscription<T>> _unsubscribe;
    private long _dropped;

    internal EventSubscription(int capacity, Action<EventSubscription<T>> unsubscribe)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _unsubscribe = unsubscribe;
    }

    /// <summary>The events, in publication order.</summary>
    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Waits up to <paramref name="timeout"/> for the next event matching <paramref name="predicate"/>.</summary>
    /// <exception cref="TimeoutException">No matching event in time.</exception>
    public async Task<T> WaitAsync(Func<T, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            while (true)
            {
                T item = await _channel.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                if (predicate(item))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching {typeof(T).Name} event within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Stops delivery and completes <see cref="Reader"/>.</summary>
    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }

    internal bool Offer(T item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }
}
