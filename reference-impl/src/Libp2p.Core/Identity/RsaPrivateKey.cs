using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>
/// An RSA private key: PKCS#1 <c>RSAPrivateKey</c> in ASN.1 DER (peer-ids.md "Key Types" > "RSA").
/// Signs RSASSA-PKCS1-v1_5 with SHA-256.
/// </summary>
public sealed class RsaPrivateKey : PrivateKey
{
    private readonly RSA _key;
    private readonly RsaPublicKey _publicKey;

    private RsaPrivateKey(RSA key)
    {
        _key = key;
        _publicKey = RsaPublicKey.FromKey(key);
    }

    /// <inheritdoc />
    public override KeyType Type => KeyType.Rsa;

    /// <inheritdoc />
    public override PublicKey PublicKey => _publicKey;

    /// <summary>Generates an RSA key of <paramref name="bits"/> bits (2048 to 8192).</summary>
    public static RsaPrivateKey Generate(int bits)
    {
        if (bits is < RsaPublicKey.MinBits or > RsaPublicKey.MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"RSA keys must have {RsaPublicKey.MinBits} to {RsaPublicKey.MaxBits} bits");
        }
        return new RsaPrivateKey(RSA.Create(bits));
    }

    internal static RsaPrivateKey Decode(byte[] data)
    {
        var key = RSA.Create();
        try
        {
            key.ImportRSAPrivateKey(data, out int read);
            if (read != data.Length)
            {
                throw new KeyFormatException($"the RSA private key has {data.Length - read} trailing bytes after the DER structure");
            }
            RsaPublicKey.CheckParameters(key);
            return new RsaPrivateKey(key);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or NotSupportedException)
        {
            key.Dispose();
            throw new KeyFormatException($"the RSA private key is not a DER PKCS#1 RSA private key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Signs with RSASSA-PKCS1-v1_5 over SHA-256 of <paramref name="data"/>.</summary>
    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private protected override byte[] ExportRaw() => _key.ExportRSAPrivateKey();
}
