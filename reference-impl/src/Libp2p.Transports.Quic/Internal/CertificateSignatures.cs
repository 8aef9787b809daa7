using System.Security.Cryptography;
using Libp2p.Security.Tls;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// TLS 1.3 CertificateVerify (RFC 8446 §4.4.3): the signed content, and verification with the public key of the
/// peer's certificate for ecdsa_secp256r1_sha256, ed25519 and rsa_pss_rsae_sha256.
/// </summary>
internal static class CertificateSignatures
{
    public const ushort EcdsaP256Sha256 = 0x0403;
    public const ushort Ed25519 = 0x0807;
    public const ushort RsaPssRsaeSha256 = 0x0804;

    /// <summary>The schemes we accept, in preference order.</summary>
    public static ReadOnlySpan<ushort> Supported => [EcdsaP256Sha256, Ed25519, RsaPssRsaeSha256];

    /// <summary>64 spaces, the context string, a zero byte, then the transcript hash.</summary>
    public static byte[] Content(bool server, ReadOnlySpan<byte> transcriptHash)
    {
        string context = server ? "TLS 1.3, server CertificateVerify" : "TLS 1.3, client CertificateVerify";
        var content = new byte[64 + context.Length + 1 + transcriptHash.Length];
        content.AsSpan(0, 64).Fill(0x20);
        for (int i = 0; i < context.Length; i++)
        {
            content[64 + i] = (byte)context[i];
        }
        transcriptHash.CopyTo(content.AsSpan(64 + context.Length + 1));
        return content;
    }

    /// <summary>Signs with an ECDSA P-256 key (our libp2p certificates always use one).</summary>
    public static byte[] SignEcdsa(ECDsa key, byte[] content) =>
        key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>
    /// Verifies a CertificateVerify signature with the key of the peer's (already verified) certificate; false on
    /// any mismatch. P-256 goes through the key the certificate check imported.
    /// </summary>
    public static bool Verify(ushort scheme, VerifiedCertificate certificate, byte[] content, ReadOnlySpan<byte> signature)
    {
        try
        {
            byte[] spki = certificate.SubjectPublicKeyInfo.ToArray();
            switch (scheme)
            {
                case EcdsaP256Sha256:
                    return certificate.VerifyEcdsaP256Sha256(content, signature);
                case Ed25519:
                {
                    if (PublicKeyFactory.CreateKey(spki) is not Ed25519PublicKeyParameters key)
                    {
                        return false;
                    }
                    var signer = new Ed25519Signer();
                    signer.Init(false, key);
                    signer.BlockUpdate(content, 0, content.Length);
                    return signer.VerifySignature(signature.ToArray());
                }
                case RsaPssRsaeSha256:
                {
                    using var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(spki, out _);
                    return rsa.VerifyData(content, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
                }
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException or ArgumentException or InvalidCastException
            or InvalidOperationException or FormatException or IOException)
        {
            // Malformed keys surface as one of these; all of them mean "does not verify".
            return false;
        }
    }
}
