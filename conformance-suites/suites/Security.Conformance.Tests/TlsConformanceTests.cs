using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests;

/// <summary>The security suite against the reference <c>/tls/1.0.0</c>.</summary>
[TestFixture(RawTransportKind.Memory)]
[TestFixture(RawTransportKind.Tcp)]
[Requirement("TLS-HS-001")]
[Requirement("TLS-HS-003")]
[Requirement("TLS-EXT-008")]
public sealed class TlsConformanceTests(RawTransportKind transport) : SecurityConformanceSuite(transport)
{
    protected override ISecurityProtocol CreateProtocol(PrivateKey identity, IReadOnlyList<string> muxers, TimeSpan handshakeTimeout)
        => new TlsProtocol(identity, new TlsOptions { StreamMuxers = muxers, HandshakeTimeout = handshakeTimeout });

    [Test]
    [Requirement("TLS-PROTO-001")]
    public void Protocol_id_is_tls_1_0_0()
        => Assert.That(CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).ProtocolId, Is.EqualTo("/tls/1.0.0"));
}
