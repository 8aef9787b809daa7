using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;

namespace Libp2p.Security.Tests.Tls;

/// <summary>Hand-built certificates that break one libp2p rule each.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSigned(X509Extension? extension, params X509Extension[] extra)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        if (extension is not null)
        {
            request.CertificateExtensions.Add(extension);
        }
        foreach (X509Extension e in extra)
        {
            request.CertificateExtensions.Add(e);
        }
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A well-formed extension whose signature covers a different certificate key.</summary>
    public static X509Certificate2 Forged(PrivateKey identity)
    {
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] signature = identity.Sign([.. "libp2p-tls-handshake:"u8, .. other.ExportSubjectPublicKeyInfo()]);
        return SelfSigned(Extension(identity.PublicKey.ToProtobuf(), signature));
    }

    /// <summary>A valid libp2p certificate plus one more extension.</summary>
    public static X509Certificate2 WithExtra(PrivateKey identity, X509Extension extra)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        byte[] signature = identity.Sign([.. "libp2p-tls-handshake:"u8, .. request.PublicKey.ExportSubjectPublicKeyInfo()]);
        request.CertificateExtensions.Add(Extension(identity.PublicKey.ToProtobuf(), signature));
        request.CertificateExtensions.Add(extra);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static X509Extension Extension(byte[] publicKey, byte[] signature)
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
