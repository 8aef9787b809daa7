using System.Formats.Asn1;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests.Hostile;

/// <summary>Peers presenting certificates that break libp2p/specs tls/tls.md "Peer Authentication".</summary>
public sealed class TlsHostileTests
{
    [Test]
    [Requirement("TLS-CERT-007")]
    [Requirement("SECURITY-HS-001")]
    public async Task Certificate_without_the_libp2p_extension_is_rejected()
    {
        using X509Certificate2 plain = SelfSigned(extension: null);
        await AssertListenerRejectsAsync(plain, [], "extension");
    }

    [Test]
    [Requirement("TLS-EXT-005")]
    public async Task Extension_signed_over_another_certificate_key_is_rejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] signature = identity.Sign([.. "libp2p-tls-handshake:"u8, .. other.ExportSubjectPublicKeyInfo()]);
        using X509Certificate2 forged = SelfSigned(Extension(identity.PublicKey.ToProtobuf(), signature));
        await AssertListenerRejectsAsync(forged, [], "signature");
    }

    [Test]
    [Requirement("TLS-CERT-005")]
    public async Task Chain_of_two_certificates_is_rejected()
    {
        // A real two-element chain (a libp2p leaf issued by a CA), so the TLS stack actually sends both.
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=hostile-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 root = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddDays(2));
        // TLS stacks omit a self-signed root from the chain they send, so the leaf hangs off an intermediate.
        using ECDsa intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=hostile-intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 intermediateIssued = intermediateRequest.Create(root, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddDays(2), [5, 6, 7, 8]);
        using X509Certificate2 ca = intermediateIssued.CopyWithPrivateKey(intermediateKey);
        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=hostile-leaf", leafKey, HashAlgorithmName.SHA256);
        byte[] signature = identity.Sign([.. "libp2p-tls-handshake:"u8, .. leafRequest.PublicKey.ExportSubjectPublicKeyInfo()]);
        leafRequest.CertificateExtensions.Add(Extension(identity.PublicKey.ToProtobuf(), signature));
        using X509Certificate2 issued = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using X509Certificate2 leaf = issued.CopyWithPrivateKey(leafKey);
        await AssertListenerRejectsAsync(leaf, [ca, root], "certificates");
    }

    [Test]
    [Requirement("TLS-EXT-006")]
    [Requirement("TLS-EXT-005")]
    public async Task Dialer_rejects_a_listener_with_a_forged_extension()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] signature = identity.Sign([.. "libp2p-tls-handshake:"u8, .. other.ExportSubjectPublicKeyInfo()]);
        using X509Certificate2 forged = SelfSigned(Extension(identity.PublicKey.ToProtobuf(), signature));
        (IDuplexPipe dialerPipe, IDuplexPipe listenerPipe) = DuplexPipe.CreatePair();
        var hostile = new TlsProtocol(identity, new TlsOptions(), SslStreamCertificateContext.Create(forged, null, offline: true));
        using var ours = new TlsProtocol(PrivateKey.Generate(KeyType.Ed25519));
        Task<ISecureConnection> dial = ours.SecureOutboundAsync(dialerPipe, PeerId.FromPublicKey(identity.PublicKey)).AsTask();
        Task<ISecureConnection> listen = hostile.SecureInboundAsync(listenerPipe).AsTask();
        Assert.ThrowsAsync<TlsException>(async () => await dial.WaitAsync(PipeIo.Timeout));
        // A TLS 1.3 server completes before the client has verified it; the client's abort then cuts it off.
        try
        {
            ISecureConnection connection = await listen.WaitAsync(PipeIo.Timeout);
            await using (connection)
            {
                Assert.That(await HostileNoisePeer.IsClosedAsync(connection.Input), Is.True);
            }
        }
        catch (Libp2pException)
        {
        }
    }

    [Test]
    [Requirement("TLS-HS-004")]
    public async Task Client_without_a_certificate_is_rejected()
    {
        (IDuplexPipe dialerPipe, IDuplexPipe listenerPipe) = DuplexPipe.CreatePair();
        using var ours = new TlsProtocol(PrivateKey.Generate(KeyType.Ed25519));
        Task<ISecureConnection> listen = ours.SecureInboundAsync(listenerPipe).AsTask();
        await using var client = new SslStream(new PipeStream(dialerPipe), leaveInnerStreamOpen: false);
        Task handshake = client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = string.Empty,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls13,
            ApplicationProtocols = [new SslApplicationProtocol("libp2p")],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        var ex = Assert.ThrowsAsync<TlsException>(async () => await listen.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.Message, Does.Contain("no certificate"));
        try
        {
            await handshake.WaitAsync(PipeIo.Timeout);
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            // TLS 1.3 clients may learn of the rejection only on their first read.
        }
    }

    private static async Task AssertListenerRejectsAsync(X509Certificate2 certificate, X509Certificate2[] extra, string reason)
    {
        (IDuplexPipe dialerPipe, IDuplexPipe listenerPipe) = DuplexPipe.CreatePair();
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        var hostile = new TlsProtocol(identity, new TlsOptions(), SslStreamCertificateContext.Create(certificate, [.. extra], offline: true));
        using var ours = new TlsProtocol(PrivateKey.Generate(KeyType.Ed25519));
        Task<ISecureConnection> dial = hostile.SecureOutboundAsync(dialerPipe, null).AsTask();
        Task<ISecureConnection> listen = ours.SecureInboundAsync(listenerPipe).AsTask();
        var ex = Assert.ThrowsAsync<TlsException>(async () => await listen.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.Message, Does.Contain(reason));
        try
        {
            ISecureConnection connection = await dial.WaitAsync(PipeIo.Timeout);
            await connection.DisposeAsync();
        }
        catch (Libp2pException)
        {
        }
    }

    private static X509Certificate2 SelfSigned(X509Extension? extension)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hostile", key, HashAlgorithmName.SHA256);
        if (extension is not null)
        {
            request.CertificateExtensions.Add(extension);
        }
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Extension Extension(byte[] publicKey, byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(publicKey);
            writer.WriteOctetString(signature);
        }
        return new X509Extension(new Oid(Libp2pCertificate.ExtensionOid), writer.Encode(), critical: true);
    }
}
