using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>The X25519 key exchange of the QUIC TLS handshake (RFC 8446 §4.2.8.2, §7.4.2; RFC 7748 §6.1).</summary>
public sealed class TlsKeyShareTests
{
    [TestCase(0)]
    [TestCase(1)]
    [Requirement("QUIC-TLS-004")]
    public void Server_RejectsALowOrderClientKeyShare(int lowOrderPoint)
    {
        using X509Certificate2 clientCert = Libp2pCertificate.Create(PrivateKey.Generate(KeyType.Ed25519));
        using X509Certificate2 serverCert = Libp2pCertificate.Create(PrivateKey.Generate(KeyType.Ed25519));
        var serverParameters = new TransportParameters { InitialSourceConnectionId = [9], OriginalDestinationConnectionId = [1], StatelessResetToken = new byte[16] };
        using var client = new TlsHandshake(true, clientCert, new TransportParameters { InitialSourceConnectionId = [1] }.Encode(), null);
        using var server = new TlsHandshake(false, serverCert, serverParameters.Encode(), null);
        client.Start();
        byte[] hello = client.TakeOutput(EncryptionLevel.Initial);
        // The key_share entry: group x25519 (0x001d), length 32, then the u-coordinate.
        int at = hello.AsSpan().IndexOf(new byte[] { 0x00, 0x1d, 0x00, 0x20 });
        Assert.That(at, Is.GreaterThan(0));
        Span<byte> share = hello.AsSpan(at + 4, 32);
        share.Clear();
        share[0] = (byte)lowOrderPoint; // u = 0 and u = 1 have small order: the shared secret is all zeros
        var ex = Assert.Throws<QuicException>(() => server.OnCryptoData(EncryptionLevel.Initial, hello));
        Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.IllegalParameter));
        Assert.That(server.HandshakeKeys, Is.Null);
    }
}
