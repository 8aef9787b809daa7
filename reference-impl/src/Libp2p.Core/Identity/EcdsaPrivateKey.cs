using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>
/// An ECDSA private key: the SEC1 / RFC 5915 <c>ECPrivateKey</c> in ASN.1 DER, as go-libp2p writes it and the
/// spec's test vector uses (peer-ids.md "Key Types" > "ECDSA").
/// </summary>
public sealed class EcdsaPrivateKey : PrivateKey
{
    private readonly ECDsa _key;
    private readonly EcdsaPublicKey _publicKey;

    private EcdsaPrivateKey(ECDsa key)
    {
        _key = key;
        _publicKey = EcdsaPublicKey.FromKey(key);
    }

    /// <inheritdoc />
    public override KeyType Type => KeyType.Ecdsa;

    /// <inheritdoc />
    public override PublicKey PublicKey => _publicKey;

    internal static EcdsaPrivateKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    internal static EcdsaPrivateKey Decode(byte[] data)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportECPrivateKey(data, out int read);
            if (read != data.Length)
            {
                throw new KeyFormatException($"the ECDSA private key has {data.Length - read} trailing bytes after the DER structure");
            }
            EcdsaCurves.Check(key);
            return new EcdsaPrivateKey(key);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or NotSupportedException)
        {
            key.Dispose();
            throw new KeyFormatException($"the ECDSA private key is not a DER SEC1 EC private key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Signs SHA-256 of <paramref name="data"/>; DER (RFC 3279) signature.</summary>
    public override byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private protected override byte[] ExportRaw() => _key.ExportECPrivateKey();
}
