using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Libp2p.Transports.WebSockets;

/// <summary>
/// Self-signed server certificates for <c>/wss</c> listeners in tests and on loopback (libp2p/specs websockets
/// "Certificates": self-signed certificates are only acceptable on loopback or localhost).
/// </summary>
public static class SelfSignedCertificate
{
    /// <summary>
    /// Creates an ECDSA P-256 certificate for <paramref name="dnsName"/> plus <c>127.0.0.1</c> and <c>::1</c>,
    /// valid from one hour ago for <paramref name="validDays"/> days.
    /// </summary>
    public static X509Certificate2 Create(string dnsName = "localhost", int validDays = 7)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(validDays));
        // A PKCS#12 round trip gives a certificate whose private key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A validation callback that accepts exactly <paramref name="certificate"/> (pinned by its hash).</summary>
    public static System.Net.Security.RemoteCertificateValidationCallback Pin(X509Certificate2 certificate)
    {
        var expected = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return (_, presented, _, _) => presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(expected);
    }
}
