using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>A bound <c>/memory/&lt;id&gt;</c> listener with a bounded accept backlog.</summary>
internal sealed class MemoryListener : IConnectionListener
{
    private readonly MemoryHub _hub;
    private readonly ulong _id;
    private readonly Channel<MemoryConnection> _backlog;
    private int _disposed;

    public MemoryListener(MemoryHub hub, ulong id, int backlog)
    {
        _hub = hub;
        _id = id;
        LocalAddress = MemoryAddress.Format(id);
        _backlog = Channel.CreateBounded<MemoryConnection>(new BoundedChannelOptions(backlog)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    public Multiaddr LocalAddress { get; }

    /// <summary>Queues the accepting end of a new connection; false when the backlog is full or the listener closed.</summary>
    public bool TryEnqueue(MemoryConnection connection) => _backlog.Writer.TryWrite(connection);

    public async ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _backlog.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(MemoryListener), $"listener {LocalAddress} is closed");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _hub.Unbind(_id, this);
            _backlog.Writer.TryComplete();
            // Connections dialed but never accepted are refused the way a closing TCP listener resets them.
            while (_backlog.Reader.TryRead(out var pending))
            {
                pending.Abort();
            }
        }
        return ValueTask.CompletedTask;
    }
}
