using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>
/// An ECDSA public key: the DER PKIX <c>SubjectPublicKeyInfo</c> (peer-ids.md "Key Types" > "ECDSA").
/// Signatures are DER (RFC 3279) over SHA-256 of the data, as go-libp2p signs for every curve.
/// </summary>
public sealed class EcdsaPublicKey : PublicKey
{
    private const int MaxSignatureLength = 160;

    // OpenSSL-backed ECDsa creates a fresh context per operation, so concurrent verifications are safe.
    private readonly ECDsa _key;

    private EcdsaPublicKey(byte[] raw, ECDsa key) : base(KeyType.Ecdsa, raw) => _key = key;

    /// <inheritdoc />
    public override KeyType Type => KeyType.Ecdsa;

    internal static EcdsaPublicKey Decode(byte[] raw)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(raw, out int read);
            if (read != raw.Length)
            {
                throw new KeyFormatException($"the ECDSA public key has {raw.Length - read} trailing bytes after the DER structure");
            }
            EcdsaCurves.Check(key);
            // Peer IDs hash these bytes, so a key is only accepted in the one encoding every stack re-creates.
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(raw))
            {
                throw new KeyFormatException("the ECDSA public key is not in canonical DER PKIX form (named curve, uncompressed point)");
            }
            return new EcdsaPublicKey(raw, key);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or NotSupportedException)
        {
            key.Dispose();
            throw new KeyFormatException($"the ECDSA public key is not a DER PKIX EC key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static EcdsaPublicKey FromKey(ECDsa privateKey)
    {
        byte[] spki = privateKey.ExportSubjectPublicKeyInfo();
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        return new EcdsaPublicKey(spki, key);
    }

    /// <summary>Verifies a DER ECDSA signature over SHA-256 of <paramref name="data"/>.</summary>
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length is 0 or > MaxSignatureLength)
        {
            return false;
        }
        try
        {
            return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
