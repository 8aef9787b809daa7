using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;

namespace Transport.Conformance.Tests.Targets;

/// <summary>The suite against TCP over IPv6 loopback (<c>::1</c>).</summary>
[TestFixture]
[Requirement("TCP-ADDR-001")]
[Requirement("TCP-ADDR-002")]
[Requirement("TCP-ADDR-003")]
[Requirement("TCP-ADDR-004")]
[Requirement("TCP-CONN-002")]
[Requirement("TCP-CONN-003")]
public sealed class TcpIpv6Conformance : TransportConformanceSuite
{
    /// <inheritdoc />
    protected override ITransport CreateTransport() => new TcpTransport();

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/ip6/::1/tcp/0");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses => ["/ip6/::1/tcp/4001", "/dns6/localhost/tcp/4001"];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses => ["/ip6/::1/tcp/4001/ws", "/ip6/::1/udp/1", "/dns6/localhost/tcp/1/wss"];
}
