using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host;

/// <summary>
/// A minimal libp2p node: listens on transports, upgrades every connection (security + muxer), routes inbound
/// streams to protocol handlers, dials multiaddrs and opens negotiated streams. Peer store, dial ranking and
/// connection management build on top of this.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    // Multiaddr code of /p2p (multiformats/multiaddr protocols.csv).
    private const ulong P2pProtocolCode = 421;

    private readonly NodeOptions _options;
    private readonly ConnectionUpgrader _upgrader;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IConnectionListener> _listeners = [];
    private readonly List<Task> _background = [];
    private readonly List<UpgradedConnection> _connections = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the node; nothing listens until <see cref="ListenAsync"/>.</summary>
    public Node(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _upgrader = new ConnectionUpgrader(options.Upgrade);
        PeerId = PeerId.FromPublicKey(options.Identity.PublicKey);
    }

    /// <summary>This node's peer ID.</summary>
    public PeerId PeerId { get; }

    /// <summary>Inbound stream routing; register protocol handlers here.</summary>
    public ProtocolRouter Router { get; } = new();

    /// <summary>Raised (on a pool thread) when an inbound connection failed its upgrade.</summary>
    public event Action<Exception>? InboundUpgradeFailed;

    /// <summary>Listen addresses with their bound ports, each ending in <c>/p2p/&lt;id&gt;</c>.</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Select(l => l.LocalAddress.Encapsulate("/p2p/" + PeerId)).ToArray();
            }
        }
    }

    /// <summary>Starts listening on <paramref name="address"/> and returns the bound address (with <c>/p2p</c>).</summary>
    public async Task<Multiaddr> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        ITransport transport = _options.Transports.FirstOrDefault(t => t.CanListen(address))
            ?? throw new NotSupportedException($"no transport can listen on {address}");
        IConnectionListener listener = await transport.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _listeners.Add(listener);
            _background.Add(AcceptLoopAsync(listener, _stopping.Token));
        }
        return listener.LocalAddress.Encapsulate("/p2p/" + PeerId);
    }

    /// <summary>
    /// Dials <paramref name="address"/>; when it ends in <c>/p2p/&lt;id&gt;</c> the remote must prove that ID.
    /// Inbound streams on the new connection are served by <see cref="Router"/>.
    /// </summary>
    public async Task<UpgradedConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        PeerId? expected = address.TryGetPeerIdMultihash(out ReadOnlyMemory<byte> multihash) ? PeerId.FromBytes(multihash.Span) : null;
        Multiaddr transportAddress = expected is null ? address : address.DecapsulateCode(P2pProtocolCode);
        ITransport transport = _options.Transports.FirstOrDefault(t => t.CanDial(transportAddress))
            ?? throw new NotSupportedException($"no transport can dial {transportAddress}");
        IRawConnection raw;
        using (var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token))
        {
            dial.CancelAfter(_options.DialTimeout);
            raw = await transport.DialAsync(transportAddress, dial.Token).ConfigureAwait(false);
        }
        UpgradedConnection connection = await _upgrader.UpgradeOutboundAsync(raw, expected, cancellationToken).ConfigureAwait(false);
        Track(connection);
        return connection;
    }

    /// <summary>Opens a stream on <paramref name="connection"/> for the first of <paramref name="protocols"/> the remote speaks.</summary>
    public ValueTask<StreamContext> NewStreamAsync(UpgradedConnection connection, IReadOnlyList<string> protocols, CancellationToken cancellationToken = default) =>
        StreamOpener.OpenAsync(connection, protocols, cancellationToken);

    /// <summary>Stops listening, closes every connection and waits for all background work.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        IConnectionListener[] listeners;
        UpgradedConnection[] connections;
        Task[] background;
        lock (_gate)
        {
            listeners = [.. _listeners];
            connections = [.. _connections];
            _listeners.Clear();
            _connections.Clear();
        }
        foreach (IConnectionListener listener in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        foreach (UpgradedConnection connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        lock (_gate)
        {
            background = [.. _background];
        }
        await Task.WhenAll(background).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Track(UpgradedConnection connection)
    {
        lock (_gate)
        {
            _connections.Add(connection);
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(ServeConnectionAsync(connection));
        }
    }

    private async Task ServeConnectionAsync(UpgradedConnection connection)
    {
        await Router.ServeAsync(connection, _stopping.Token).ConfigureAwait(false);
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener listener, CancellationToken stopping)
    {
        var upgrades = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                IRawConnection raw;
                try
                {
                    raw = await listener.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or Libp2pException or IOException or InvalidOperationException)
                {
                    break;
                }
                upgrades.RemoveAll(t => t.IsCompleted);
                upgrades.Add(UpgradeInboundAsync(raw, stopping));
            }
        }
        finally
        {
            await Task.WhenAll(upgrades).ConfigureAwait(false);
        }
    }

    private async Task UpgradeInboundAsync(IRawConnection raw, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            UpgradedConnection connection = await _upgrader.UpgradeInboundAsync(raw, stopping).ConfigureAwait(false);
            Track(connection);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A peer that fails its upgrade only costs its own connection (already aborted by the upgrader).
            InboundUpgradeFailed?.Invoke(e);
        }
    }
}
