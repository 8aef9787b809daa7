using Libp2p.Core.Multiformats;
using Libp2p.Host.Events;
using Libp2p.Stack;
using Libp2p.Transports.Memory;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Two reference nodes, the dialer connected to the listener, over the memory, TCP or QUIC transport.</summary>
internal sealed class NodePair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private NodePair(Node listener, Node dialer, UpgradedConnection connection, Multiaddr listenAddress)
    {
        Listener = listener;
        Dialer = dialer;
        Connection = connection;
        ListenAddress = listenAddress;
    }

    public Node Listener { get; }

    public Node Dialer { get; }

    /// <summary>The dialer's connection to the listener.</summary>
    public UpgradedConnection Connection { get; }

    /// <summary>The listener's bound address, with <c>/p2p</c>.</summary>
    public Multiaddr ListenAddress { get; }

    public static async Task<NodePair> ConnectAsync(string transport, CancellationToken cancellationToken)
    {
        var hub = new MemoryHub();
        Node Create() => ReferenceStack.CreateNode(
            new StackSpec { Security = ["noise"], Muxers = ["yamux"] },
            transport == "memory" ? [new MemoryTransport(new MemoryTransportOptions { Hub = hub })] : null);
        Node listener = Create();
        Node dialer = Create();
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse(transport switch
        {
            "memory" => "/memory/0",
            "quic-v1" => "/ip4/127.0.0.1/udp/0/quic-v1",
            _ => "/ip4/127.0.0.1/tcp/0",
        }), cancellationToken);
        using EventSubscription<PeerConnected> inbound = listener.Events.Subscribe<PeerConnected>();
        UpgradedConnection connection = await dialer.DialAsync(address, cancellationToken);
        // The dialer finishes its upgrade first; wait until the listener tracks its side too.
        await inbound.WaitAsync(e => e.Peer == dialer.PeerId, Timeout, cancellationToken);
        return new NodePair(listener, dialer, connection, address);
    }

    public async ValueTask DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
