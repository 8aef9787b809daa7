using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Host;
using Libp2p.Muxers.Mplex;
using Libp2p.Muxers.Yamux;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Ping;
using Libp2p.Security.Noise;
using Libp2p.Security.Plaintext;
using Libp2p.Security.Tls;
using Libp2p.Transports.Memory;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.WebSockets;

namespace Libp2p.Stack;

/// <summary>Builds reference-stack nodes from short names, as the CLI, the node programs and the suites ask for them.</summary>
public static class ReferenceStack
{
    /// <summary>Security protocol short names this stack has.</summary>
    public static IReadOnlyList<string> SecurityNames { get; } = ["noise", "tls", "plaintext"];

    /// <summary>Muxer short names this stack has.</summary>
    public static IReadOnlyList<string> MuxerNames { get; } = ["yamux", "mplex"];

    /// <summary>Creates the muxer called <paramref name="name"/>.</summary>
    public static IStreamMuxer CreateMuxer(string name) => name switch
    {
        "yamux" => new YamuxMuxer(),
        "mplex" => new MplexMuxer(),
        _ => throw new ArgumentException($"unknown muxer '{name}' (known: {string.Join(", ", MuxerNames)})", nameof(name)),
    };

    /// <summary>Creates the security protocol called <paramref name="name"/>, offering <paramref name="muxerIds"/> for early negotiation.</summary>
    public static ISecurityProtocol CreateSecurity(string name, PrivateKey identity, IReadOnlyList<string> muxerIds) => name switch
    {
        "noise" => new NoiseProtocol(identity, new NoiseOptions { StreamMuxers = muxerIds }),
        "tls" => new TlsProtocol(identity, new TlsOptions { StreamMuxers = muxerIds }),
        "plaintext" => new PlaintextProtocol(identity),
        _ => throw new ArgumentException($"unknown security protocol '{name}' (known: {string.Join(", ", SecurityNames)})", nameof(name)),
    };

    /// <summary>The transports every reference node has: TCP, WebSockets (ws, wss) and in-memory.</summary>
    public static IReadOnlyList<ITransport> CreateTransports(StackSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var webSockets = new WebSocketTransportOptions
        {
            ServerCertificate = spec.WssCertificate ?? SelfSignedCertificate.Create(),
            RemoteCertificateValidation = spec.AcceptAnyWssCertificate ? (_, _, _, _) => true : null,
        };
        return [new TcpTransport(), new WebSocketTransport(webSockets), new MemoryTransport()];
    }

    /// <summary>
    /// A <see cref="NodeBuilder"/> preset per <paramref name="spec"/> (security, muxers, transports, identity) serving
    /// ping, echo, identify and identify/push; add dialer, connection-manager, resource or gater settings to it.
    /// </summary>
    public static NodeBuilder CreateBuilder(StackSpec spec, IReadOnlyList<ITransport>? transports = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var builder = new NodeBuilder();
        if (spec.Identity is not null)
        {
            builder.WithIdentity(spec.Identity);
        }
        foreach (ITransport transport in transports ?? CreateTransports(spec))
        {
            builder.AddTransport(transport);
        }
        if (transports is null)
        {
            builder.AddMuxedTransport(identity => new QuicMuxedTransport(identity));
        }
        foreach (string name in spec.Security)
        {
            builder.AddSecurity((identity, muxerIds) => CreateSecurity(name, identity, muxerIds));
        }
        foreach (string name in spec.Muxers)
        {
            builder.AddMuxer(CreateMuxer(name));
        }
        return builder
            .Handle(PingProtocol.Id, (context, token) => PingProtocol.ServeAsync(context.Pipe, token))
            .Handle(EchoProtocol.Id, (context, token) => EchoProtocol.ServeAsync(context.Pipe, token))
            .WithIdentify();
    }

    /// <summary>Creates a node per <paramref name="spec"/> serving ping, echo, identify and identify/push.</summary>
    public static Node CreateNode(StackSpec spec, IReadOnlyList<ITransport>? transports = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        PrivateKey identity = spec.Identity ?? PrivateKey.Generate(KeyType.Ed25519);
        IStreamMuxer[] muxers = spec.Muxers.Select(CreateMuxer).ToArray();
        string[] muxerIds = muxers.Select(m => m.ProtocolId).ToArray();
        ISecurityProtocol[] security = spec.Security.Select(s => CreateSecurity(s, identity, muxerIds)).ToArray();
        var node = new Node(new NodeOptions
        {
            Identity = identity,
            Transports = transports ?? CreateTransports(spec),
            MuxedTransports = transports is null ? [new QuicMuxedTransport(identity)] : [],
            Upgrade = new UpgraderOptions { SecurityProtocols = security, Muxers = muxers },
        });
        node.Router.SetHandler(PingProtocol.Id, (context, token) => PingProtocol.ServeAsync(context.Pipe, token));
        node.Router.SetHandler(EchoProtocol.Id, (context, token) => EchoProtocol.ServeAsync(context.Pipe, token));
        node.EnableIdentify();
        return node;
    }
}
