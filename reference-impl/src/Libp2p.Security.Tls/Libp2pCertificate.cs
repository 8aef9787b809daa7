using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Crypto;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls.Internal;
using System.Formats.Asn1;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Security.Tls;

/// <summary>
/// The libp2p TLS certificate (libp2p/specs tls/tls.md "Peer Authentication"): a self-signed X.509 certificate
/// over an ephemeral key, carrying the critical extension <c>1.3.6.1.4.1.53594.1.1</c> whose DER value is
/// <c>SignedKey { publicKey, signature }</c>, the signature being the host key's over
/// <c>"libp2p-tls-handshake:" || SubjectPublicKeyInfo</c>.
/// </summary>
public static class Libp2pCertificate
{
    /// <summary>The libp2p Public Key Extension OID.</summary>
    public const string ExtensionOid = "1.3.6.1.4.1.53594.1.1";

    /// <summary>Upper bound on an accepted certificate.</summary>
    public const int MaxCertificateLength = 16 * 1024;

    private static readonly HashSet<string> UnderstoodCriticalExtensions =
    [
        ExtensionOid,
        "2.5.29.15", // keyUsage
        "2.5.29.19", // basicConstraints
        "2.5.29.37", // extKeyUsage
    ];

    /// <summary>Certificates that passed <see cref="VerifyCertificate"/>, by their DER bytes.</summary>
    internal static VerificationMemo<VerifiedCertificate> Verified { get; } = new(1024);

    private static ReadOnlySpan<byte> SignaturePrefix => "libp2p-tls-handshake:"u8;

    /// <summary>
    /// Creates a self-signed certificate over a fresh ECDSA P-256 key (with its private key attached) that binds
    /// <paramref name="identity"/>.
    /// </summary>
    public static X509Certificate2 Create(PrivateKey identity, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        DateTimeOffset issued = now ?? DateTimeOffset.UtcNow;
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=libp2p"), key, HashAlgorithmName.SHA256);
        byte[] signature = identity.Sign(SignedData(request.PublicKey.ExportSubjectPublicKeyInfo()));
        byte[] extension = SignedKeyCodec.Encode(identity.PublicKey.ToProtobuf(), signature);
        request.CertificateExtensions.Add(new X509Extension(new Oid(ExtensionOid), extension, critical: true));
        return request.CreateSelfSigned(issued.AddHours(-1), issued.AddYears(100));
    }

    /// <summary>
    /// Verifies one DER certificate as a libp2p certificate at time <paramref name="now"/> and returns the host
    /// public key it authenticates. Pure: no I/O, no trust store. Throws <see cref="TlsException"/>.
    /// </summary>
    public static PublicKey Verify(ReadOnlySpan<byte> certificateDer, DateTimeOffset now) => VerifyCertificate(certificateDer, now).HostKey;

    /// <summary>
    /// Verifies like <see cref="Verify"/> and returns what the handshake needs next: the host key and the
    /// certificate's own key for CertificateVerify. A certificate verified before (same bytes) is only checked
    /// against <paramref name="now"/> again (<see cref="Verified"/>).
    /// </summary>
    public static VerifiedCertificate VerifyCertificate(ReadOnlySpan<byte> certificateDer, DateTimeOffset now)
    {
        if (certificateDer.Length > MaxCertificateLength)
        {
            throw new TlsException($"certificate of {certificateDer.Length} bytes exceeds {MaxCertificateLength}");
        }
        (UInt128, UInt128) cacheKey = VerificationMemo<VerifiedCertificate>.KeyOf(certificateDer);
        if (Verified.Find(cacheKey) is { } known)
        {
            ThrowIfOutsideValidity(now, known.NotBefore, known.NotAfter);
            return known;
        }
        VerifiedCertificate verified = VerifyUncached(certificateDer, now);
        Verified.Add(cacheKey, verified);
        return verified;
    }

    private static void ThrowIfOutsideValidity(DateTimeOffset now, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (now < notBefore || now > notAfter)
        {
            throw new TlsException($"certificate is outside its validity period ({notBefore:O} .. {notAfter:O})");
        }
    }

    private static VerifiedCertificate VerifyUncached(ReadOnlySpan<byte> certificateDer, DateTimeOffset now)
    {
        ParsedCertificate certificate;
        try
        {
            certificate = ParsedCertificate.Parse(certificateDer.ToArray());
        }
        catch (Exception ex) when (ex is AsnContentException or FormatException or CryptographicException or ArgumentException)
        {
            throw new TlsException($"certificate is not a DER X.509 certificate: {ex.Message}", ex);
        }

        ThrowIfOutsideValidity(now, certificate.NotBefore, certificate.NotAfter);

        if (!SelfSignatureIsValid(certificate, out ECDsa? ecdsa))
        {
            throw new TlsException("certificate self-signature is invalid");
        }

        foreach (CertificateExtension extension in certificate.Extensions)
        {
            if (extension.Critical && !UnderstoodCriticalExtensions.Contains(extension.Oid))
            {
                throw new TlsException($"certificate has an unknown critical extension {extension.Oid}");
            }
        }

        CertificateExtension? libp2pExtension = certificate.Extensions.FirstOrDefault(e => e.Oid == ExtensionOid);
        if (libp2pExtension is null)
        {
            throw new TlsException("certificate lacks the libp2p public key extension");
        }
        (byte[] encodedKey, byte[] signature) = SignedKeyCodec.Decode(libp2pExtension.Value);

        PublicKey hostKey;
        try
        {
            hostKey = PublicKey.FromProtobuf(encodedKey);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TlsException("libp2p extension carries an invalid host public key", ex);
        }

        byte[] spki = certificate.SubjectPublicKeyInfo;
        bool valid;
        try
        {
            valid = hostKey.Verify(SignedData(spki), signature);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TlsException("host key signature could not be verified", ex);
        }
        if (!valid)
        {
            throw new TlsException("host key signature over the certificate key is invalid (the extension does not match this certificate)");
        }
        return new VerifiedCertificate(hostKey, certificate.NotBefore, certificate.NotAfter, spki, ecdsa);
    }

    /// <summary>Verifies like <see cref="Verify"/> and derives the peer ID.</summary>
    public static PeerId VerifyPeerId(ReadOnlySpan<byte> certificateDer, DateTimeOffset now)
        => PeerId.FromPublicKey(Verify(certificateDer, now));

    private static bool SelfSignatureIsValid(ParsedCertificate certificate, out ECDsa? ecdsa)
    {
        ecdsa = null;
        if (certificate.SignatureAlgorithm == EcdsaWithSha256Oid && TryVerifyEcdsaSha256(certificate, out bool valid, out ecdsa))
        {
            return valid;
        }
        try
        {
            Org.BouncyCastle.Crypto.AsymmetricKeyParameter key = Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(certificate.SubjectPublicKeyInfo);
            Org.BouncyCastle.Crypto.ISigner signer = Org.BouncyCastle.Security.SignerUtilities.GetSigner(certificate.SignatureAlgorithm);
            signer.Init(false, key);
            signer.BlockUpdate(certificate.Tbs, 0, certificate.Tbs.Length);
            return signer.VerifySignature(certificate.Signature);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // BouncyCastle signals unknown algorithms and malformed keys with several exception types.
            return false;
        }
    }

    // ecdsa-with-SHA256 (RFC 5758 3.2), what every libp2p implementation signs its certificate with in practice.
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    // The platform's ECDSA (OpenSSL) for the common case: BouncyCastle's generic signer path costs ~145 ms on its first
    // use in a process, which every new process paid on its first TLS or QUIC handshake. False when the key is not one
    // the platform imports, so the generic path decides. A valid certificate's imported key is handed on (to verify
    // the handshake's CertificateVerify without importing it again).
    private static bool TryVerifyEcdsaSha256(ParsedCertificate certificate, out bool valid, out ECDsa? imported)
    {
        valid = false;
        imported = null;
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(certificate.SubjectPublicKeyInfo, out int read);
            if (read != certificate.SubjectPublicKeyInfo.Length)
            {
                key.Dispose();
                return true;
            }
            valid = key.VerifyData(certificate.Tbs, certificate.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            if (valid)
            {
                imported = key;
            }
            else
            {
                key.Dispose();
            }
            return true;
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException or ArgumentException)
        {
            // A curve or encoding the platform refuses (a fuzzed OID, say): the generic path gives the verdict.
            key.Dispose();
            return false;
        }
    }

    private static byte[] SignedData(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var data = new byte[SignaturePrefix.Length + subjectPublicKeyInfo.Length];
        SignaturePrefix.CopyTo(data);
        subjectPublicKeyInfo.CopyTo(data.AsSpan(SignaturePrefix.Length));
        return data;
    }
}
