using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.AddressDiscovery;
using Libp2p.Host.ConnectionManagement;
using Libp2p.Host.Dialing;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

/// <summary>
/// Assembles a <see cref="Node"/> step by step: identity, transports, security protocols and muxers (in
/// preference order), listen addresses, stream handlers, identify, and the dialer, connection-manager,
/// resource-manager and gater settings. <see cref="StartAsync"/> builds it and starts listening.
/// </summary>
public sealed class NodeBuilder
{
    private readonly List<ITransport> _transports = [];
    private readonly List<Func<PrivateKey, Transports.IMuxedTransport>> _muxedTransports = [];
    private readonly List<Func<PrivateKey, IReadOnlyList<string>, ISecurityProtocol>> _security = [];
    private readonly List<IStreamMuxer> _muxers = [];
    private readonly List<Multiaddr> _listen = [];
    private readonly List<(string Protocol, StreamHandler Handler)> _handlers = [];
    private PrivateKey? _identity;
    private DialerOptions _dialer = new();
    private ConnectionManagerOptions _connectionManager = new();
    private ResourceLimits _resources = ResourceLimits.Default;
    private IConnectionGater? _gater;
    private IdentifyServiceOptions? _identify;
    private TimeSpan _dialTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Uses <paramref name="identity"/>; a fresh Ed25519 key otherwise.</summary>
    public NodeBuilder WithIdentity(PrivateKey identity)
    {
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        return this;
    }

    /// <summary>Adds a transport that authenticates and multiplexes by itself (QUIC), made for the node's identity.</summary>
    public NodeBuilder AddMuxedTransport(Func<PrivateKey, Transports.IMuxedTransport> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _muxedTransports.Add(factory);
        return this;
    }

    /// <summary>Adds a transport (tried in the order added).</summary>
    public NodeBuilder AddTransport(ITransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transports.Add(transport);
        return this;
    }

    /// <summary>Adds a security protocol, made from the identity and the muxer IDs it may agree on early.</summary>
    public NodeBuilder AddSecurity(Func<PrivateKey, IReadOnlyList<string>, ISecurityProtocol> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _security.Add(factory);
        return this;
    }

    /// <summary>Adds a stream muxer (preferred in the order added).</summary>
    public NodeBuilder AddMuxer(IStreamMuxer muxer)
    {
        ArgumentNullException.ThrowIfNull(muxer);
        _muxers.Add(muxer);
        return this;
    }

    /// <summary>Listens on <paramref name="address"/> when started.</summary>
    public NodeBuilder ListenOn(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _listen.Add(address);
        return this;
    }

    /// <summary>Serves <paramref name="protocol"/> with <paramref name="handler"/>.</summary>
    public NodeBuilder Handle(string protocol, StreamHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add((protocol, handler));
        return this;
    }

    /// <summary>Serves identify and identify/push.</summary>
    public NodeBuilder WithIdentify(IdentifyServiceOptions? options = null)
    {
        _identify = options ?? new IdentifyServiceOptions();
        return this;
    }

    /// <summary>Dialer settings.</summary>
    public NodeBuilder WithDialer(DialerOptions options)
    {
        _dialer = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>Limit for the transport part of a dial by address.</summary>
    public NodeBuilder WithDialTimeout(TimeSpan timeout)
    {
        _dialTimeout = timeout;
        return this;
    }

    /// <summary>Connection-manager watermarks.</summary>
    public NodeBuilder WithConnectionManager(ConnectionManagerOptions options)
    {
        _connectionManager = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>Resource-manager limits.</summary>
    public NodeBuilder WithResourceLimits(ResourceLimits limits)
    {
        _resources = limits ?? throw new ArgumentNullException(nameof(limits));
        return this;
    }

    /// <summary>The connection gater.</summary>
    public NodeBuilder WithGater(IConnectionGater gater)
    {
        _gater = gater ?? throw new ArgumentNullException(nameof(gater));
        return this;
    }

    /// <summary>Builds the node without listening.</summary>
    public Node Build()
    {
        if (_transports.Count == 0 || _security.Count == 0 || _muxers.Count == 0)
        {
            throw new InvalidOperationException("a node needs at least one transport, one security protocol and one muxer");
        }
        PrivateKey identity = _identity ?? PrivateKey.Generate(KeyType.Ed25519);
        string[] muxerIds = _muxers.Select(m => m.ProtocolId).ToArray();
        var node = new Node(new NodeOptions
        {
            Identity = identity,
            Transports = [.. _transports],
            MuxedTransports = [.. _muxedTransports.Select(f => f(identity))],
            Upgrade = new UpgraderOptions { SecurityProtocols = _security.Select(f => f(identity, muxerIds)).ToArray(), Muxers = [.. _muxers] },
            DialTimeout = _dialTimeout,
            Dialer = _dialer,
            ConnectionManager = _connectionManager,
            Resources = _resources,
            Gater = _gater,
        });
        foreach ((string protocol, StreamHandler handler) in _handlers)
        {
            node.SetStreamHandler(protocol, handler);
        }
        if (_identify is not null)
        {
            node.EnableIdentify(_identify);
        }
        return node;
    }

    /// <summary>Builds the node and listens on every address given to <see cref="ListenOn"/>.</summary>
    public async Task<Node> StartAsync(CancellationToken cancellationToken = default)
    {
        Node node = Build();
        try
        {
            foreach (Multiaddr address in _listen)
            {
                await node.ListenAsync(address, cancellationToken).ConfigureAwait(false);
            }
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
