using System.Security.Cryptography;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Security.Tls;

/// <summary>
/// A certificate that passed <see cref="Libp2pCertificate.Verify"/>: the host key it authenticates, its validity
/// window, and its own public key, imported once for the handshake's CertificateVerify (importing a P-256 key costs
/// OpenSSL 3 about as much as the verification itself, ~140 µs, because it checks the point's order).
/// </summary>
public sealed class VerifiedCertificate
{
    private readonly byte[] _subjectPublicKeyInfo;
    private readonly Lock _lock = new();
    private ECDsa? _ecdsa;

    internal VerifiedCertificate(PublicKey hostKey, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] subjectPublicKeyInfo, ECDsa? ecdsa)
    {
        HostKey = hostKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        _ecdsa = ecdsa;
    }

    /// <summary>The libp2p host key the certificate's extension authenticates.</summary>
    public PublicKey HostKey { get; }

    /// <summary>Start of the validity period.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of the validity period.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The DER SubjectPublicKeyInfo of the certificate's key.</summary>
    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _subjectPublicKeyInfo;

    /// <summary>
    /// Verifies an ecdsa_secp256r1_sha256 signature (RFC 8446 §4.2.3) by the certificate's key; false when the key is
    /// not a P-256 key or the signature does not verify.
    /// </summary>
    public bool VerifyEcdsaP256Sha256(ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        lock (_lock)
        {
            // One verification at a time per key: the platform object is not documented as thread-safe.
            if (_ecdsa is null)
            {
                try
                {
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
                    _ecdsa = ecdsa;
                }
                catch (CryptographicException)
                {
                    return false;
                }
            }
            return _ecdsa.KeySize == 256
                && _ecdsa.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
    }
}
