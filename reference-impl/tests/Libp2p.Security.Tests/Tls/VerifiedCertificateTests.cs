using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;

namespace Libp2p.Security.Tests.Tls;

/// <summary>
/// The verified-certificate memo changes cost, never verdicts: a remembered certificate is still checked against the
/// clock, altered bytes are verified afresh, and the CertificateVerify key is the certificate's own.
/// </summary>
public sealed class VerifiedCertificateTests
{
    [Test]
    public void SecondVerification_ReturnsTheRememberedResult_ButStillChecksTheValidityPeriod()
    {
        var issued = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity, issued);
        VerifiedCertificate first = Libp2pCertificate.VerifyCertificate(certificate.RawData, issued);
        VerifiedCertificate second = Libp2pCertificate.VerifyCertificate(certificate.RawData, issued.AddDays(1));
        Assert.That(second, Is.SameAs(first));
        Assert.That(second.HostKey, Is.EqualTo(identity.PublicKey));
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(certificate.RawData, issued.AddHours(-2)));
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(certificate.RawData, issued.AddYears(101)));
    }

    [Test]
    public void AlteredCopyOfARememberedCertificate_IsRejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        byte[] der = certificate.RawData;
        Libp2pCertificate.Verify(der, DateTimeOffset.UtcNow);
        byte[] altered = (byte[])der.Clone();
        // The last byte belongs to the self-signature.
        altered[^1] ^= 0x01;
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(altered, DateTimeOffset.UtcNow));
        // ... and the failure is not remembered as a success either.
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(altered, DateTimeOffset.UtcNow));
    }

    [Test]
    public void VerifyEcdsaP256Sha256_AcceptsTheCertificateKeysSignatures_Only()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        using X509Certificate2 stranger = Libp2pCertificate.Create(PrivateKey.Generate(KeyType.Ed25519));
        VerifiedCertificate verified = Libp2pCertificate.VerifyCertificate(certificate.RawData, DateTimeOffset.UtcNow);
        byte[] content = RandomNumberGenerator.GetBytes(130);
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        using ECDsa strangerKey = stranger.GetECDsaPrivateKey()!;
        byte[] signature = key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.That(verified.VerifyEcdsaP256Sha256(content, signature), Is.True);
        Assert.That(verified.VerifyEcdsaP256Sha256(content.AsSpan(1), signature), Is.False);
        Assert.That(verified.VerifyEcdsaP256Sha256(content, strangerKey.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)), Is.False);
        Assert.That(verified.VerifyEcdsaP256Sha256(content, [0x30, 0x00]), Is.False);
    }
}
