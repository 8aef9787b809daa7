using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.AddressDiscovery;
using Libp2p.Host.ConnectionManagement;
using Libp2p.Host.Dialing;
using Libp2p.Host.Events;
using Libp2p.Host.Internal;
using Libp2p.Host.PeerStore;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

/// <summary>
/// A libp2p host (libp2p/specs connections/README.md): listens on transports, upgrades every connection (security
/// + muxer), routes inbound streams to protocol handlers, dials peers by ID over their known addresses
/// (<see cref="ConnectAsync(PeerId, CancellationToken)"/>) or by multiaddr, keeps its connection count between
/// watermarks (<see cref="ConnectionManager"/>) and accounts connections and streams (<see cref="Resources"/>).
/// </summary>
public sealed partial class Node : IAsyncDisposable
{
    // Multiaddr code of /p2p (multiformats/multiaddr protocols.csv).
    private const ulong P2pProtocolCode = 421;

    private readonly NodeOptions _options;
    private readonly ConnectionUpgrader _upgrader;
    private readonly IConnectionGater _gater;
    private readonly PeerDialer _dialer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IConnectionListener> _listeners = [];
    private readonly TaskTracker _tasks = new();
    private readonly Lock _gate = new();
    private IdentifyService? _identify;

    /// <summary>Creates the node; nothing listens until <see cref="ListenAsync"/>.</summary>
    public Node(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _upgrader = new ConnectionUpgrader(options.Upgrade);
        _gater = options.Gater ?? AllowAllGater.Instance;
        PeerId = PeerId.FromPublicKey(options.Identity.PublicKey);
        ConnectionManager = new ConnectionManager(options.ConnectionManager);
        Resources = new ResourceManager(options.Resources);
        Router = new ProtocolRouter { Resources = Resources };
        _dialer = new PeerDialer(this, options.Dialer);
        _tasks.Track(RunTrimLoopAsync(_stopping.Token));
    }

    /// <summary>This node's peer ID.</summary>
    public PeerId PeerId { get; }

    /// <summary>Inbound stream routing; register protocol handlers here.</summary>
    public ProtocolRouter Router { get; }

    /// <summary>What this node knows about other peers (HOST-PSTORE-001).</summary>
    public MemoryPeerStore PeerStore { get; } = new();

    /// <summary>Host events: connections, identify, protocol and address changes (HOST-EVENT-001).</summary>
    public EventBus Events { get; } = new();

    /// <summary>Our addresses as peers report them, and the external ones they confirmed.</summary>
    public ObservedAddressManager ObservedAddresses { get; } = new();

    /// <summary>Watermarks, protection and scores of connections (HOST-CONNMGR-001, -002).</summary>
    public ConnectionManager ConnectionManager { get; }

    /// <summary>Connection, stream and memory accounting (HOST-RCMGR-001).</summary>
    public ResourceManager Resources { get; }

    /// <summary>Failed addresses the dialer keeps off for a while (HOST-DIAL-010).</summary>
    public DialBackoff DialBackoff => _dialer.Backoff;

    /// <summary>The identify service, once <see cref="EnableIdentify"/> ran; null before.</summary>
    public IdentifyService? Identify => _identify;

    internal PrivateKey IdentityKey => _options.Identity;

    internal CancellationToken Stopping => _stopping.Token;

    internal IConnectionGater Gater => _gater;

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
                _tasks.Track(_identify.RunPushLoopAsync(_stopping.Token));
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

    /// <summary>Raised (on a pool thread) when an inbound connection failed its upgrade or was refused.</summary>
    public event Action<Exception>? InboundUpgradeFailed;

    /// <summary>Listen addresses with their bound ports, each ending in <c>/p2p/&lt;id&gt;</c>.</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Select(l => l.LocalAddress).Concat(_muxedListeners.Select(l => l.LocalAddress))
                    .Select(a => a.Encapsulate("/p2p/" + PeerId)).ToArray();
            }
        }
    }

    /// <summary>Starts listening on <paramref name="address"/> and returns the bound address (with <c>/p2p</c>).</summary>
    public async Task<Multiaddr> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        Multiaddr bound;
        if (MuxedTransportFor(address, listen: true) is { } muxed)
        {
            bound = await ListenMuxedAsync(muxed, address, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ITransport transport = _options.Transports.FirstOrDefault(t => t.CanListen(address))
                ?? throw new NotSupportedException($"no transport can listen on {address}");
            IConnectionListener listener = await transport.ListenAsync(address, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _listeners.Add(listener);
            }
            _tasks.Track(AcceptLoopAsync(listener, _stopping.Token));
            bound = listener.LocalAddress;
        }
        Events.Publish(new LocalAddressesChanged(ListenAddresses));
        _identify?.RequestPush();
        return bound.Encapsulate("/p2p/" + PeerId);
    }

    /// <summary>Stops listening, closes every connection and waits for all background work (HOST-CLOSE-001).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        IConnectionListener[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }
        foreach (IConnectionListener listener in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        foreach (UpgradedConnection connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        await _tasks.DrainAsync().ConfigureAwait(false);
        // After the connections: the transports own the sockets those sessions ran on.
        await DisposeMuxedTransportsAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void RaiseInboundFailure(Exception e) => InboundUpgradeFailed?.Invoke(e);

    private sealed class AllowAllGater : IConnectionGater
    {
        public static readonly AllowAllGater Instance = new();
    }
}
