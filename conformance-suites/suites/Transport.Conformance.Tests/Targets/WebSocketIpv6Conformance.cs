using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.WebSockets;

namespace Transport.Conformance.Tests.Targets;

/// <summary>The suite against plain WebSockets on IPv6 loopback (bracketed Host header, IPv6-only sockets).</summary>
[TestFixture]
[Requirement("WS-ADDR-001")]
[Requirement("WS-CONN-001")]
public sealed class WebSocketIpv6Conformance : TransportConformanceSuite
{
    /// <inheritdoc />
    protected override ITransport CreateTransport() => new WebSocketTransport();

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/ip6/::1/tcp/0/ws");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses => ["/ip6/::1/tcp/4001/ws", "/dns6/localhost/tcp/1/ws"];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses => ["/ip6/::1/tcp/4001", "/ip6/::1/udp/1/ws"];

    /// <inheritdoc />
    protected override int ConcurrentConnections => 100;
}
