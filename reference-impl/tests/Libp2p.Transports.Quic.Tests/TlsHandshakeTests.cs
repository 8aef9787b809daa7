using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;
using CsCheck;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>The sans-IO TLS 1.3 handshake for QUIC, client against server in memory (RFC 9001 §4, libp2p tls.md).</summary>
public sealed class TlsHandshakeTests
{
    private static TransportParameters Params(byte[] scid) => new()
    {
        InitialSourceConnectionId = scid,
        InitialMaxData = 1 << 20,
        InitialMaxStreamsBidi = 100,
        MaxIdleTimeoutMs = 30_000,
    };

    private static (TlsHandshake Client, TlsHandshake Server, PrivateKey ClientKey, PrivateKey ServerKey) Create(
        PeerId? expectedServer = null, KeyType keyType = KeyType.Ed25519)
    {
        PrivateKey clientKey = PrivateKey.Generate(keyType);
        PrivateKey serverKey = PrivateKey.Generate(KeyType.Ed25519);
        X509Certificate2 clientCert = Libp2pCertificate.Create(clientKey);
        X509Certificate2 serverCert = Libp2pCertificate.Create(serverKey);
        var serverParams = Params([9, 9]);
        serverParams.OriginalDestinationConnectionId = [1, 2, 3, 4];
        serverParams.StatelessResetToken = new byte[16];
        return (new TlsHandshake(true, clientCert, Params([1]).Encode(), expectedServer),
            new TlsHandshake(false, serverCert, serverParams.Encode(), null), clientKey, serverKey);
    }

    /// <summary>Moves every queued CRYPTO byte to the other side, level by level, until nothing moves.</summary>
    internal static void Pump(TlsHandshake a, TlsHandshake b)
    {
        bool moved = true;
        while (moved)
        {
            moved = false;
            foreach (EncryptionLevel level in Enum.GetValues<EncryptionLevel>())
            {
                if (a.HasOutput(level))
                {
                    b.OnCryptoData(level, a.TakeOutput(level));
                    moved = true;
                }
                if (b.HasOutput(level))
                {
                    a.OnCryptoData(level, b.TakeOutput(level));
                    moved = true;
                }
            }
        }
    }

    [Test]
    [Requirement("QUIC-TLS-004")]
    [Requirement("QUIC-TLS-005")]
    public void MutualHandshake_CompletesWithMatchingKeys_AndProvesBothPeerIds()
    {
        (TlsHandshake client, TlsHandshake server, PrivateKey clientKey, PrivateKey serverKey) = Create();
        using var _ = client;
        using var __ = server;
        client.Start();
        Pump(client, server);
        Assert.That(client.IsComplete && server.IsComplete, Is.True);
        Assert.That(PeerId.FromPublicKey(client.RemoteKey!), Is.EqualTo(PeerId.FromPublicKey(serverKey.PublicKey)));
        Assert.That(PeerId.FromPublicKey(server.RemoteKey!), Is.EqualTo(PeerId.FromPublicKey(clientKey.PublicKey)));
        Assert.That(client.OneRttKeys!.Value.Send.Key, Is.EqualTo(server.OneRttKeys!.Value.Receive.Key));
        Assert.That(client.OneRttKeys!.Value.Receive.Key, Is.EqualTo(server.OneRttKeys!.Value.Send.Key));
        Assert.That(client.HandshakeKeys!.Value.Send.Key, Is.EqualTo(server.HandshakeKeys!.Value.Receive.Key));
        Assert.That(client.PeerTransportParameters!.InitialSourceConnectionId, Is.EqualTo(new byte[] { 9, 9 }));
        Assert.That(client.PeerTransportParameters!.OriginalDestinationConnectionId, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(server.PeerTransportParameters!.InitialMaxStreamsBidi, Is.EqualTo(100));
        Assert.That(client.Suite, Is.EqualTo(CipherSuite.Aes128GcmSha256));
    }

    [Test]
    [Requirement("QUIC-TLS-005")]
    public void Client_RejectsAServerWithAnotherPeerId()
    {
        PeerId someoneElse = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        (TlsHandshake client, TlsHandshake server, PrivateKey _, PrivateKey _) = Create(someoneElse);
        using TlsHandshake c = client;
        using TlsHandshake s = server;
        client.Start();
        var ex = Assert.Throws<QuicException>(() => Pump(client, server));
        Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.BadCertificate));
        Assert.That(ex.InnerException, Is.InstanceOf<PeerIdMismatchException>());
    }

    [Test]
    [Requirement("QUIC-TLS-004")]
    public void TamperedServerFlight_FailsTheHandshake()
    {
        (TlsHandshake client, TlsHandshake server, PrivateKey _, PrivateKey _) = Create();
        using TlsHandshake c = client;
        using TlsHandshake s = server;
        client.Start();
        server.OnCryptoData(EncryptionLevel.Initial, client.TakeOutput(EncryptionLevel.Initial));
        client.OnCryptoData(EncryptionLevel.Initial, server.TakeOutput(EncryptionLevel.Initial));
        byte[] flight = server.TakeOutput(EncryptionLevel.Handshake);
        flight[^5] ^= 0x01; // inside the server Finished
        var ex = Assert.Throws<QuicException>(() => client.OnCryptoData(EncryptionLevel.Handshake, flight));
        Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.DecryptError));
        Assert.That(client.IsComplete, Is.False);
    }

    [Test]
    [Requirement("QUIC-TLS-006")]
    public void Server_RequiresAClientCertificate()
    {
        (TlsHandshake client, TlsHandshake server, PrivateKey _, PrivateKey _) = Create();
        using TlsHandshake c = client;
        using TlsHandshake s = server;
        client.Start();
        server.OnCryptoData(EncryptionLevel.Initial, client.TakeOutput(EncryptionLevel.Initial));
        // An empty Certificate message (no entries) where the client's certificate belongs.
        byte[] empty = [11, 0, 0, 4, 0, 0, 0, 0];
        var ex = Assert.Throws<QuicException>(() => server.OnCryptoData(EncryptionLevel.Handshake, empty));
        Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.CertificateRequired));
    }

    [Test]
    [Requirement("QUIC-TLS-007")]
    public void OversizedOrGarbageCryptoData_IsATypedError() =>
        Gen.Byte.Array[1, 3000].Sample(bytes =>
        {
            (TlsHandshake client, TlsHandshake server, PrivateKey _, PrivateKey _) = Create();
            using TlsHandshake c = client;
            using TlsHandshake s = server;
            try
            {
                server.OnCryptoData(EncryptionLevel.Initial, bytes);
            }
            catch (QuicException)
            {
                // a typed error is the expected outcome for garbage
            }
        }, iter: 40);
}
