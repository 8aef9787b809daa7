using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Noise;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests;

/// <summary>The security suite against the reference <c>/noise</c>.</summary>
[TestFixture(RawTransportKind.Memory)]
[TestFixture(RawTransportKind.Tcp)]
[Requirement("NOISE-HS-001")]
[Requirement("NOISE-CRYPTO-001")]
[Requirement("NOISE-PAYLOAD-008")]
public sealed class NoiseConformanceTests(RawTransportKind transport) : SecurityConformanceSuite(transport)
{
    protected override bool DisjointMuxersFailHandshake => true;

    protected override ISecurityProtocol CreateProtocol(PrivateKey identity, IReadOnlyList<string> muxers, TimeSpan handshakeTimeout)
        => new NoiseProtocol(identity, new NoiseOptions { StreamMuxers = muxers, HandshakeTimeout = handshakeTimeout });

    [Test]
    [Requirement("NOISE-NEG-001")]
    public void Protocol_id_is_noise()
        => Assert.That(CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).ProtocolId, Is.EqualTo("/noise"));
}
