using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;

namespace Transport.Conformance.Tests.Targets;

/// <summary>The suite against TCP over IPv4 loopback.</summary>
[TestFixture]
[Requirement("TCP-ADDR-001")]
[Requirement("TCP-ADDR-002")]
[Requirement("TCP-ADDR-003")]
[Requirement("TCP-ADDR-004")]
[Requirement("TCP-CONN-002")]
[Requirement("TCP-CONN-003")]
public sealed class TcpIpv4Conformance : TransportConformanceSuite
{
    /// <inheritdoc />
    protected override ITransport CreateTransport() => new TcpTransport();

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/ip4/127.0.0.1/tcp/0");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses =>
    [
        "/ip4/127.0.0.1/tcp/4001", "/ip6/::1/tcp/4001", "/dns4/localhost/tcp/4001", "/dns/localhost/tcp/1",
        "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA",
    ];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses =>
    [
        "/ip4/127.0.0.1/tcp/4001/ws", "/ip4/127.0.0.1/tcp/4001/wss", "/ip4/127.0.0.1/tcp/4001/tls/ws",
        "/ip4/127.0.0.1/udp/4001/quic-v1", "/ip4/127.0.0.1", "/memory/1", "/dnsaddr/example.com",
    ];
}
