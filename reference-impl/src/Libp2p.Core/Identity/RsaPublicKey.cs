using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>
/// An RSA public key: the DER PKIX <c>SubjectPublicKeyInfo</c> (peer-ids.md "Key Types" > "RSA").
/// Signatures are RSASSA-PKCS1-v1_5 with SHA-256. Moduli outside [2048, 8192] bits are rejected, as in
/// go-libp2p, so a hostile key cannot make verification cost seconds.
/// </summary>
public sealed class RsaPublicKey : PublicKey
{
    /// <summary>Smallest accepted modulus (go-libp2p <c>MinRsaKeyBits</c>).</summary>
    public const int MinBits = 2048;

    /// <summary>Largest accepted modulus (go-libp2p <c>maxRsaKeyBits</c>).</summary>
    public const int MaxBits = 8192;

    private readonly RSA _key;
    private readonly int _modulusBytes;

    private RsaPublicKey(byte[] raw, RSA key) : base(KeyType.Rsa, raw)
    {
        _key = key;
        _modulusBytes = (key.KeySize + 7) / 8;
    }

    /// <inheritdoc />
    public override KeyType Type => KeyType.Rsa;

    /// <summary>The modulus size in bits.</summary>
    public int KeySize => _key.KeySize;

    internal static RsaPublicKey Decode(byte[] raw)
    {
        var key = RSA.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(raw, out int read);
            if (read != raw.Length)
            {
                throw new KeyFormatException($"the RSA public key has {raw.Length - read} trailing bytes after the DER structure");
            }
            CheckParameters(key);
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(raw))
            {
                throw new KeyFormatException("the RSA public key is not in canonical DER PKIX form");
            }
            return new RsaPublicKey(raw, key);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or NotSupportedException)
        {
            key.Dispose();
            throw new KeyFormatException($"the RSA public key is not a DER PKIX RSA key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static RsaPublicKey FromKey(RSA privateKey)
    {
        byte[] spki = privateKey.ExportSubjectPublicKeyInfo();
        var key = RSA.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        return new RsaPublicKey(spki, key);
    }

    /// <summary>Rejects moduli outside [<see cref="MinBits"/>, <see cref="MaxBits"/>] and public exponents
    /// outside [3, 2^31 - 1] (the range Go's crypto/rsa accepts).</summary>
    internal static void CheckParameters(RSA key)
    {
        if (key.KeySize is < MinBits or > MaxBits)
        {
            throw new KeyFormatException($"RSA keys must have {MinBits} to {MaxBits} bits, got {key.KeySize}");
        }
        byte[] exponent = key.ExportParameters(includePrivateParameters: false).Exponent!;
        ReadOnlySpan<byte> significant = exponent.AsSpan().TrimStart((byte)0);
        ulong e = 0;
        foreach (byte b in significant.Length <= 4 ? significant : [])
        {
            e = (e << 8) | b;
        }
        if (significant.Length > 4 || e < 3 || e > int.MaxValue)
        {
            throw new KeyFormatException("the RSA public exponent must be between 3 and 2^31 - 1");
        }
    }

    /// <summary>Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature over <paramref name="data"/>.</summary>
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != _modulusBytes)
        {
            return false;
        }
        try
        {
            return _key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
