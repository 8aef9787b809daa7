using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Stack;
using Libp2p.Transports.Memory;
using Libp2p.Transports.Tcp;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Starts reference hosts on the memory or TCP transport, plus dead and silent addresses to dial.</summary>
internal sealed class HostHarness(string transport) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly MemoryHub _hub = new();
    private readonly List<Node> _nodes = [];
    private readonly List<IConnectionListener> _silent = [];

    public Multiaddr ListenSpec => Multiaddr.Parse(transport == "memory" ? "/memory/0" : "/ip4/127.0.0.1/tcp/0");

    public ITransport RawTransport => transport == "memory" ? new MemoryTransport(new MemoryTransportOptions { Hub = _hub }) : new TcpTransport();

    /// <summary>A builder for a noise + yamux reference node on this harness's transport.</summary>
    public NodeBuilder Builder(ITransport? transport = null) =>
        ReferenceStack.CreateBuilder(new StackSpec { Security = ["noise"], Muxers = ["yamux"] }, [transport ?? RawTransport]);

    /// <summary>Builds, tracks and (unless <paramref name="listen"/> is false) starts listening.</summary>
    public async Task<Node> StartAsync(Func<NodeBuilder, NodeBuilder>? configure = null, bool listen = true, CancellationToken cancellationToken = default, ITransport? transport = null)
    {
        NodeBuilder builder = Builder(transport);
        if (listen)
        {
            builder.ListenOn(ListenSpec);
        }
        Node node = await (configure?.Invoke(builder) ?? builder).StartAsync(cancellationToken);
        _nodes.Add(node);
        return node;
    }

    /// <summary>The node's first listen address without <c>/p2p</c>.</summary>
    public static Multiaddr TransportAddress(Node node) => node.ListenAddresses[0].DecapsulateCode(421);

    /// <summary>An address where nothing listens: dials are refused at once.</summary>
    public async Task<Multiaddr> DeadAddressAsync(CancellationToken cancellationToken)
    {
        IConnectionListener listener = await RawTransport.ListenAsync(ListenSpec, cancellationToken);
        Multiaddr address = listener.LocalAddress;
        await listener.DisposeAsync();
        return address;
    }

    /// <summary>An address that takes connections but never answers: a dial there hangs in the handshake.</summary>
    public async Task<Multiaddr> SilentAddressAsync(CancellationToken cancellationToken)
    {
        IConnectionListener listener = await RawTransport.ListenAsync(ListenSpec, cancellationToken);
        _silent.Add(listener);
        return listener.LocalAddress;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Node node in _nodes)
        {
            await node.DisposeAsync();
        }
        foreach (IConnectionListener listener in _silent)
        {
            await listener.DisposeAsync();
        }
    }
}
