using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CsCheck;
using Libp2p.Core.Identity;
using Libp2p.Security.Tests.Support;
using Libp2p.Security.Tls;
using Libp2p.Security.Tls.Internal;

namespace Libp2p.Security.Tests.Tls;

public sealed class TlsCertificateTests
{
    public sealed record CertificateVector(string Name, string CertificateDerHex, string? ExpectedPeerId, string? ExpectedError)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<CertificateVector> Vectors()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", "tls-certificates.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            yield return new CertificateVector(
                entry.GetProperty("name").GetString()!,
                entry.GetProperty("certificateDerHex").GetString()!,
                entry.TryGetProperty("expectedPeerId", out JsonElement id) ? id.GetString() : null,
                entry.TryGetProperty("expectedError", out JsonElement error) ? error.GetString() : null);
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Spec_vectors_yield_the_expected_peer_or_are_rejected(CertificateVector vector)
    {
        byte[] der = Hex.Decode(vector.CertificateDerHex);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        if (vector.ExpectedPeerId is not null)
        {
            Assert.That(Libp2pCertificate.VerifyPeerId(der, now).ToString(), Is.EqualTo(vector.ExpectedPeerId));
        }
        else
        {
            Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(der, now));
        }
    }

    [TestCase(KeyType.Ed25519)]
    [TestCase(KeyType.Secp256k1)]
    [TestCase(KeyType.Ecdsa)]
    [TestCase(KeyType.Rsa)]
    public void Generated_certificates_authenticate_every_key_type(KeyType type)
    {
        PrivateKey identity = PrivateKey.Generate(type);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        Assert.That(certificate.HasPrivateKey, Is.True);
        X509Extension extension = certificate.Extensions[Libp2pCertificate.ExtensionOid]!;
        Assert.That(extension.Critical, Is.True);
        Assert.That(Libp2pCertificate.VerifyPeerId(certificate.RawData, DateTimeOffset.UtcNow), Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));
    }

    [Test]
    public void Expired_and_not_yet_valid_certificates_are_rejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(certificate.RawData, new DateTimeOffset(2029, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(certificate.RawData, new DateTimeOffset(2131, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.DoesNotThrow(() => Libp2pCertificate.Verify(certificate.RawData, new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Certificate_without_the_extension_is_rejected()
    {
        using X509Certificate2 plain = TestCertificates.SelfSigned(extension: null);
        var ex = Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(plain.RawData, DateTimeOffset.UtcNow));
        Assert.That(ex!.Message, Does.Contain("extension"));
    }

    [Test]
    public void Extension_signed_over_another_certificate_key_is_rejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 forged = TestCertificates.Forged(identity);
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(forged.RawData, DateTimeOffset.UtcNow));
    }

    [Test]
    public void Unknown_critical_extensions_are_rejected_and_unknown_non_critical_ones_ignored()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 critical = TestCertificates.WithExtra(identity, new X509Extension(new Oid("1.2.3.4.5"), [0x05, 0x00], critical: true));
        using X509Certificate2 nonCritical = TestCertificates.WithExtra(identity, new X509Extension(new Oid("1.2.3.4.5"), [0x05, 0x00], critical: false));
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(critical.RawData, DateTimeOffset.UtcNow));
        Assert.That(Libp2pCertificate.VerifyPeerId(nonCritical.RawData, DateTimeOffset.UtcNow), Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));
    }

    [Test]
    public void Broken_self_signature_is_rejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        byte[] der = certificate.RawData;
        der[^1] ^= 0x01;
        Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(der, DateTimeOffset.UtcNow));
    }

    [Test]
    public void Random_and_mutated_certificates_fail_only_with_a_typed_error()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        byte[] valid = certificate.RawData;
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            try
            {
                Libp2pCertificate.Verify(bytes, DateTimeOffset.UtcNow);
                return false;
            }
            catch (TlsException)
            {
                return true;
            }
        }, iter: 500);
        Gen.Int[0, valid.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, flip) =>
        {
            byte[] mutated = (byte[])valid.Clone();
            mutated[index] ^= flip;
            try
            {
                return Libp2pCertificate.VerifyPeerId(mutated, DateTimeOffset.UtcNow).Equals(PeerId.FromPublicKey(identity.PublicKey));
            }
            catch (TlsException)
            {
                return true;
            }
        }, iter: 500);
    }

    [Test]
    public void Signed_key_round_trips_and_rejects_garbage()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 300]).Sample((key, signature) =>
        {
            (byte[] k, byte[] s) = SignedKeyCodec.Decode(SignedKeyCodec.Encode(key, signature));
            return k.AsSpan().SequenceEqual(key) && s.AsSpan().SequenceEqual(signature);
        }, iter: 300);
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            try
            {
                SignedKeyCodec.Decode(bytes);
                // Random bytes can only decode if they happen to be a valid DER SignedKey.
                return bytes.Length >= 6 && bytes[0] == 0x30;
            }
            catch (TlsException)
            {
                return true;
            }
        }, iter: 1000);
        Assert.Throws<TlsException>(() => SignedKeyCodec.Decode(new byte[SignedKeyCodec.MaxEncodedLength + 1]));
    }
}
