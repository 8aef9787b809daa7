using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Echo;
using Libp2p.Stack;

namespace Libp2p.Daemon;

/// <summary>
/// A running daemon: a reference-stack <see cref="Node"/> configured from <see cref="DaemonOptions"/> and the
/// <see cref="DaemonServer"/> in front of it (what go p2pd's main does).
/// </summary>
public sealed class DaemonHost : IAsyncDisposable
{
    private DaemonHost(Node node, DaemonServer server, Multiaddr controlAddress, IReadOnlyList<string> warnings)
    {
        Node = node;
        Server = server;
        ControlAddress = controlAddress;
        Warnings = warnings;
    }

    /// <summary>The libp2p node.</summary>
    public Node Node { get; }

    /// <summary>The control-protocol server.</summary>
    public DaemonServer Server { get; }

    /// <summary>The bound control endpoint.</summary>
    public Multiaddr ControlAddress { get; }

    /// <summary>Requested features this daemon does not have yet (their requests answer ERROR).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Builds the node, listens on the host addresses, then binds the control endpoint.</summary>
    /// <exception cref="ArgumentException">An unknown security protocol or muxer name.</exception>
    /// <exception cref="KeyFormatException">The <c>-id</c> file is not a libp2p private key.</exception>
    public static async Task<DaemonHost> StartAsync(DaemonOptions options, DaemonServerOptions? serverOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PrivateKey identity = options.IdentityFile is null ? PrivateKey.Generate(KeyType.Ed25519) : KeyFile.Load(options.IdentityFile);
        var spec = new StackSpec { Security = options.Security, Muxers = options.Muxers, Identity = identity };
        Node node = ReferenceStack.CreateNode(spec);
        // go p2pd serves no application protocol by itself; clients register theirs with STREAM_HANDLER.
        node.RemoveStreamHandler(EchoProtocol.Id);
        DaemonServer? server = null;
        try
        {
            if (!options.NoListenAddresses)
            {
                foreach (Multiaddr address in options.HostAddresses)
                {
                    await node.ListenAsync(address, cancellationToken).ConfigureAwait(false);
                }
            }
            server = new DaemonServer(node, serverOptions);
            Multiaddr control = await server.StartAsync(options.Listen, cancellationToken).ConfigureAwait(false);
            var warnings = new List<string>();
            if (options.Dht)
            {
                warnings.Add("DHT requested, but this daemon has no Kademlia DHT yet: DHT requests answer ERROR");
            }
            if (options.PubSub)
            {
                warnings.Add($"pubsub ({options.PubSubRouter}) requested, but this daemon has no pubsub router yet: PUBSUB requests answer ERROR");
            }
            if (options.Relay)
            {
                warnings.Add("circuit relay requested, but this daemon has no relay transport or service yet");
            }
            return new DaemonHost(node, server, control, warnings);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the control server, then the node.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        await Node.DisposeAsync().ConfigureAwait(false);
    }
}
