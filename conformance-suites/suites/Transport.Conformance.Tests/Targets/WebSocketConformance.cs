using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.WebSockets;

namespace Transport.Conformance.Tests.Targets;

/// <summary>The suite against plain WebSockets (<c>/ws</c>) on IPv4 loopback.</summary>
[TestFixture]
[Requirement("WS-ADDR-001")]
[Requirement("WS-ADDR-002")]
[Requirement("WS-CONN-001")]
[Requirement("WS-CONN-002")]
public sealed class WebSocketConformance : TransportConformanceSuite
{
    /// <inheritdoc />
    protected override ITransport CreateTransport() => new WebSocketTransport();

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses =>
    [
        "/ip4/127.0.0.1/tcp/4001/ws", "/ip6/::1/tcp/4001/ws", "/dns4/localhost/tcp/4001/ws", "/ip4/192.0.2.0/ws",
        "/ip4/192.0.2.0/tls/ws", "/ip4/192.0.2.0/wss", "/dns/example.com/wss", "/ip4/127.0.0.1/tcp/1/tls/sni/example.com/ws",
        "/ip4/127.0.0.1/tcp/4001/ws/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
    ];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses =>
    [
        "/ip4/127.0.0.1/tcp/4001", "/ip4/127.0.0.1/udp/4001/ws", "/ip4/127.0.0.1/tcp/4001/ws/ws", "/ip4/127.0.0.1/tcp/1/tls",
        "/ip4/127.0.0.1/tcp/1/tls/sni/example.com", "/memory/3", "/ip4/127.0.0.1/tcp/1/wss/ws",
    ];
}
