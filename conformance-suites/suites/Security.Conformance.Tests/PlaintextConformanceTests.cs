using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Plaintext;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests;

/// <summary>The security suite against the reference <c>/plaintext/2.0.0</c>.</summary>
[TestFixture(RawTransportKind.Memory)]
[TestFixture(RawTransportKind.Tcp)]
[Requirement("PLAINTEXT-EX-001")]
[Requirement("PLAINTEXT-EX-002")]
public sealed class PlaintextConformanceTests(RawTransportKind transport) : SecurityConformanceSuite(transport)
{
    protected override bool IsEncrypted => false;

    protected override bool SupportsEarlyMuxer => false;

    protected override ISecurityProtocol CreateProtocol(PrivateKey identity, IReadOnlyList<string> muxers, TimeSpan handshakeTimeout)
        => new PlaintextProtocol(identity, new PlaintextOptions { HandshakeTimeout = handshakeTimeout });

    [Test]
    [Requirement("PLAINTEXT-PROTO-001")]
    public void Protocol_id_is_plaintext_2_0_0()
        => Assert.That(CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).ProtocolId, Is.EqualTo("/plaintext/2.0.0"));
}
