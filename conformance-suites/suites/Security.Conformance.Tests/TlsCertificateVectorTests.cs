using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;

namespace Security.Conformance.Tests;

/// <summary>The certificate test vectors of libp2p/specs tls/tls.md "Test vectors" (conformance-suites/vectors).</summary>
public sealed class TlsCertificateVectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Vectors()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "vectors", "tls-certificates.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            string? expected = entry.TryGetProperty("expectedPeerId", out JsonElement id) ? id.GetString() : null;
            yield return new TestCaseData(Convert.FromHexString(entry.GetProperty("certificateDerHex").GetString()!), expected)
                .SetName($"Vector {entry.GetProperty("name").GetString()}");
        }
    }

    [TestCaseSource(nameof(Vectors))]
    [Requirement("TLS-VEC-001")]
    [Requirement("TLS-EXT-001")]
    [Requirement("TLS-EXT-002")]
    [Requirement("TLS-EXT-003")]
    [Requirement("TLS-EXT-004")]
    [Requirement("TLS-EXT-005")]
    public void Certificate_vector_verifies_to_its_peer_or_is_rejected(byte[] der, string? expectedPeerId)
    {
        if (expectedPeerId is null)
        {
            Assert.Throws<TlsException>(() => Libp2pCertificate.Verify(der, Now));
        }
        else
        {
            PeerId peer = Libp2pCertificate.VerifyPeerId(der, Now);
            Assert.That(peer.ToString(), Is.EqualTo(expectedPeerId));
        }
    }

    [TestCase(KeyType.Ed25519)]
    [TestCase(KeyType.Secp256k1)]
    [TestCase(KeyType.Ecdsa)]
    [TestCase(KeyType.Rsa)]
    [Requirement("TLS-EXT-007")]
    [Requirement("TLS-CERT-006")]
    [Requirement("TLS-CERT-004")]
    public void Generated_certificate_is_ecdsa_critical_currently_valid_and_verifies(KeyType type)
    {
        PrivateKey identity = PrivateKey.Generate(type);
        using X509Certificate2 certificate = Libp2pCertificate.Create(identity);
        using System.Security.Cryptography.ECDsa? certificateKey = certificate.GetECDsaPublicKey();
        Assert.That(certificateKey, Is.Not.Null, "an elliptic-curve certificate key");
        Assert.That(certificate.Extensions[Libp2pCertificate.ExtensionOid]!.Critical, Is.True);
        Assert.That(certificate.NotBefore.ToUniversalTime(), Is.LessThan(DateTime.UtcNow));
        Assert.That(certificate.NotAfter.ToUniversalTime(), Is.GreaterThan(DateTime.UtcNow));
        Assert.That(Libp2pCertificate.VerifyPeerId(certificate.RawData, DateTimeOffset.UtcNow), Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));
    }
}
