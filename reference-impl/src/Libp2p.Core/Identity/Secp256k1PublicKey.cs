using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Libp2p.Core.Identity;

/// <summary>
/// A secp256k1 public key: the 33-byte SEC1 compressed point, "the standard Bitcoin EC encoding"
/// (peer-ids.md "Key Types" > "Secp256k1"). Signatures are DER ECDSA over SHA-256 of the data.
/// </summary>
public sealed class Secp256k1PublicKey : PublicKey
{
    /// <summary>Length of the compressed encoding.</summary>
    public const int KeyLength = 33;

    private readonly ECPublicKeyParameters _parameters;

    private Secp256k1PublicKey(byte[] raw, ECPoint point) : base(KeyType.Secp256k1, raw) =>
        _parameters = new ECPublicKeyParameters(point, Secp256k1Curve.Domain);

    /// <inheritdoc />
    public override KeyType Type => KeyType.Secp256k1;

    internal static Secp256k1PublicKey Decode(byte[] raw)
    {
        // Only the compressed form: go-libp2p and js-libp2p re-encode compressed, so accepting the 65-byte
        // form would give one key two protobufs and two peer IDs.
        if (raw.Length != KeyLength || (raw[0] != 0x02 && raw[0] != 0x03))
        {
            throw new KeyFormatException($"a secp256k1 public key is the {KeyLength}-byte compressed point (0x02/0x03 prefix), got {raw.Length} bytes");
        }
        ECPoint point;
        try
        {
            point = Secp256k1Curve.Parameters.Curve.DecodePoint(raw).Normalize();
        }
        catch (ArgumentException e)
        {
            throw new KeyFormatException("the secp256k1 public key is not a point on the curve", e);
        }
        if (point.IsInfinity || !point.IsValid())
        {
            throw new KeyFormatException("the secp256k1 public key is not a valid curve point");
        }
        return new Secp256k1PublicKey(raw, point);
    }

    internal static Secp256k1PublicKey FromPoint(ECPoint point)
    {
        byte[] raw = point.Normalize().GetEncoded(compressed: true);
        return new Secp256k1PublicKey(raw, point);
    }

    /// <summary>Verifies a DER ECDSA signature over SHA-256 of <paramref name="data"/>. High-S signatures are
    /// accepted (older go-libp2p emitted them); our own signatures are always low-S.</summary>
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!DerEcdsaSignature.TryDecode(signature, out BigInteger r, out BigInteger s))
        {
            return false;
        }
        BigInteger n = Secp256k1Curve.Parameters.N;
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }
        var verifier = new ECDsaSigner();
        verifier.Init(false, _parameters);
        return verifier.VerifySignature(Sha256(data), r, s);
    }
}
