using System.Security.Cryptography.X509Certificates;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.WebSockets;

namespace Transport.Conformance.Tests.Targets;

/// <summary>
/// The suite against secure WebSockets with a self-signed certificate for localhost/127.0.0.1 that the dialer pins;
/// the same suite runs for the <c>/wss</c> and <c>/tls/ws</c> spellings.
/// </summary>
[TestFixture("/ip4/127.0.0.1/tcp/0/wss")]
[TestFixture("/ip4/127.0.0.1/tcp/0/tls/ws")]
[Requirement("WS-ADDR-001")]
[Requirement("WS-ADDR-003")]
[Requirement("WS-CONN-001")]
[Requirement("WS-TLS-001")]
public sealed class SecureWebSocketConformance(string listenAddress) : TransportConformanceSuite
{
    private X509Certificate2 _certificate = null!;

    /// <summary>One certificate per fixture.</summary>
    [OneTimeSetUp]
    public void CreateCertificate() => _certificate = SelfSignedCertificate.Create("localhost");

    /// <summary>Releases the certificate.</summary>
    [OneTimeTearDown]
    public void DisposeCertificate() => _certificate.Dispose();

    /// <inheritdoc />
    protected override ITransport CreateTransport() => new WebSocketTransport(new WebSocketTransportOptions
    {
        ServerCertificate = _certificate,
        RemoteCertificateValidation = SelfSignedCertificate.Pin(_certificate),
    });

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse(listenAddress);

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses => ["/ip4/127.0.0.1/tcp/443/wss", "/dns4/localhost/tcp/1/tls/sni/localhost/ws"];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses => ["/ip4/127.0.0.1/tcp/443", "/ip4/127.0.0.1/tcp/443/tls"];

    /// <inheritdoc />
    protected override int ConcurrentConnections => 100;
}
