using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.AddressDiscovery;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;

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
    private IdentifyService? _identify;

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

    /// <summary>What this node knows about other peers (HOST-PSTORE-001).</summary>
    public MemoryPeerStore PeerStore { get; } = new();

    /// <summary>Host events: connections, identify, protocol and address changes (HOST-EVENT-001).</summary>
    public EventBus Events { get; } = new();

    /// <summary>Our addresses as peers report them, and the external ones they confirmed.</summary>
    public ObservedAddressManager ObservedAddresses { get; } = new();

    /// <summary>The identify service, once <see cref="EnableIdentify"/> ran; null before.</summary>
    public IdentifyService? Identify => _identify;

    /// <summary>Open connections.</summary>
    public IReadOnlyList<UpgradedConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    internal PrivateKey IdentityKey => _options.Identity;

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Serves identify and identify/push (libp2p/specs identify/README.md): identifies every new connection and
    /// pushes to connected peers when protocols or listen addresses change. Idempotent.
    /// </summary>
    public IdentifyService EnableIdentify(IdentifyServiceOptions? options = null)
    {
        lock (_gate)
        {
            if (_identify is null)
            {
                _identify = new IdentifyService(this, options ?? new IdentifyServiceOptions());
                _background.Add(_identify.RunPushLoopAsync(_stopping.Token));
            }
            return _identify;
        }
    }

    /// <summary>Serves <paramref name="protocol"/> and announces it (event <see cref="ProtocolsChanged"/>, identify push).</summary>
    public void SetStreamHandler(string protocol, StreamHandler handler)
    {
        bool added = !Router.Protocols.Contains(protocol);
        Router.SetHandler(protocol, handler);
        if (added)
        {
            Events.Publish(new ProtocolsChanged([protocol], []));
            _identify?.RequestPush();
        }
    }

    /// <summary>Stops serving <paramref name="protocol"/> and announces it.</summary>
    public bool RemoveStreamHandler(string protocol)
    {
        if (!Router.RemoveHandler(protocol))
        {
            return false;
        }
        Events.Publish(new ProtocolsChanged([], [protocol]));
        _identify?.RequestPush();
        return true;
    }

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
        Events.Publish(new LocalAddressesChanged(ListenAddresses));
        _identify?.RequestPush();
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
        PeerId remote = connection.RemotePeer;
        PeerStore.MarkConnected(remote);
        PeerStore.AddPublicKey(remote, connection.Secure.RemotePublicKey);
        if (connection.IsInitiator)
        {
            PeerStore.AddAddresses(remote, [connection.Raw.RemoteAddress], AddressTtl.Connected);
        }
        Events.Publish(new PeerConnected(remote, connection.Raw.RemoteAddress, !connection.IsInitiator));
        Task serving = Router.ServeAsync(connection, _stopping.Token);
        Task identify = _identify?.OnConnectionAsync(connection) ?? Task.CompletedTask;
        await Task.WhenAll(serving, identify).ConfigureAwait(false);
        bool last;
        lock (_gate)
        {
            _connections.Remove(connection);
            last = !_connections.Any(c => c.RemotePeer == remote);
        }
        PeerStore.MarkDisconnected(remote);
        if (last)
        {
            Events.Publish(new PeerDisconnected(remote));
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
