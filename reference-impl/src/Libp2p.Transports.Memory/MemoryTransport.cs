using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory.Internal;

namespace Libp2p.Transports.Memory;

/// <summary>
/// An in-process transport on <c>/memory/&lt;u64&gt;</c> multiaddrs (multicodec <c>memory</c>, 0x0309, as used by
/// rust-libp2p's MemoryTransport). Listening on <c>/memory/0</c> picks a free number. Connections are pairs of
/// <see cref="System.IO.Pipelines.Pipe"/>s: half-close and reset behave as on TCP, with no sockets involved.
/// </summary>
public sealed class MemoryTransport(MemoryTransportOptions? options = null) : ITransport
{
    private readonly MemoryTransportOptions _options = options ?? new MemoryTransportOptions();

    /// <inheritdoc />
    public string Name => "memory";

    /// <inheritdoc />
    public bool CanDial(Multiaddr address) => MemoryAddress.TryParse(address, out var id) && id != 0;

    /// <inheritdoc />
    public bool CanListen(Multiaddr address) => MemoryAddress.TryParse(address, out _);

    /// <inheritdoc />
    public ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!MemoryAddress.TryParse(address, out var id) || id == 0)
        {
            throw new ArgumentException($"not a dialable /memory address: {address}", nameof(address));
        }
        if (!_options.Hub.TryGet(id, out var listener))
        {
            throw new Libp2pException($"connection refused: no listener at {address}");
        }
        var local = MemoryAddress.Format(_options.Hub.AllocateId());
        var (dialer, accepted) = MemoryConnection.CreatePair(local, listener.LocalAddress, _options.PipeOptions);
        if (!listener.TryEnqueue(accepted))
        {
            throw new Libp2pException($"connection refused: listener {address} is closed or its backlog is full");
        }
        return ValueTask.FromResult<IRawConnection>(dialer);
    }

    /// <inheritdoc />
    public ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!MemoryAddress.TryParse(address, out var id))
        {
            throw new ArgumentException($"not a /memory address: {address}", nameof(address));
        }
        if (id == 0)
        {
            id = _options.Hub.AllocateId();
        }
        var listener = new MemoryListener(_options.Hub, id, _options.Backlog);
        _options.Hub.Bind(id, listener);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
