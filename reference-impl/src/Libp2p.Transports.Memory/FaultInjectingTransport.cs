using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory.Internal;

namespace Libp2p.Transports.Memory;

/// <summary>
/// Wraps any <see cref="ITransport"/> so that dialed and/or accepted connections are
/// <see cref="FaultInjectingConnection"/>s. The n-th wrapped connection uses seed <c>Seed + n</c>, so a run with
/// the same order of connections replays the same faults.
/// </summary>
public sealed class FaultInjectingTransport(
    ITransport inner, FaultInjectionOptions options, bool wrapDialed = true, bool wrapAccepted = true) : ITransport
{
    private int _count;

    /// <summary>The wrapped transport.</summary>
    public ITransport Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public bool CanDial(Multiaddr address) => Inner.CanDial(address);

    /// <inheritdoc />
    public bool CanListen(Multiaddr address) => Inner.CanListen(address);

    /// <inheritdoc />
    public async ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        var connection = await Inner.DialAsync(address, cancellationToken).ConfigureAwait(false);
        return wrapDialed ? Wrap(connection) : connection;
    }

    /// <inheritdoc />
    public async ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        var listener = await Inner.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        return wrapAccepted ? new FaultInjectingListener(listener, this) : listener;
    }

    internal IRawConnection Wrap(IRawConnection connection)
    {
        var n = Interlocked.Increment(ref _count);
        var perConnection = new FaultInjectionOptions
        {
            Directions = options.Directions,
            MinChunkSize = options.MinChunkSize,
            MaxChunkSize = options.MaxChunkSize,
            LatencyPerWrite = options.LatencyPerWrite,
            ResetAfterBytes = options.ResetAfterBytes,
            StallAfterBytes = options.StallAfterBytes,
            Seed = unchecked(options.Seed + n),
        };
        return new FaultInjectingConnection(connection, perConnection);
    }
}
