using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace Libp2p.Core.Identity;

/// <summary>
/// A secp256k1 private key: the 32-byte big-endian scalar (peer-ids.md "Key Types" > "Secp256k1").
/// Signs deterministically (RFC 6979) and normalises to low-S, which js-libp2p's verifier requires.
/// </summary>
public sealed class Secp256k1PrivateKey : PrivateKey
{
    /// <summary>Length of the scalar encoding.</summary>
    public const int KeyLength = 32;

    private readonly ECPrivateKeyParameters _parameters;
    private readonly Secp256k1PublicKey _publicKey;

    private Secp256k1PrivateKey(BigInteger d)
    {
        _parameters = new ECPrivateKeyParameters(d, Secp256k1Curve.Domain);
        _publicKey = Secp256k1PublicKey.FromPoint(Secp256k1Curve.Parameters.G.Multiply(d));
    }

    /// <inheritdoc />
    public override KeyType Type => KeyType.Secp256k1;

    /// <inheritdoc />
    public override PublicKey PublicKey => _publicKey;

    internal static Secp256k1PrivateKey Decode(byte[] data)
    {
        if (data.Length != KeyLength)
        {
            throw new KeyFormatException($"a secp256k1 private key is {KeyLength} bytes, got {data.Length}");
        }
        var d = new BigInteger(1, data);
        if (d.SignValue == 0 || d.CompareTo(Secp256k1Curve.Parameters.N) >= 0)
        {
            throw new KeyFormatException("the secp256k1 private key is outside [1, n-1]");
        }
        return new Secp256k1PrivateKey(d);
    }

    internal static Secp256k1PrivateKey Generate()
    {
        Span<byte> bytes = stackalloc byte[KeyLength];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var d = new BigInteger(1, bytes);
            if (d.SignValue != 0 && d.CompareTo(Secp256k1Curve.Parameters.N) < 0)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return new Secp256k1PrivateKey(d);
            }
        }
    }

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _parameters);
        BigInteger[] rs = signer.GenerateSignature(SHA256.HashData(data));
        BigInteger s = rs[1];
        if (s.CompareTo(Secp256k1Curve.HalfOrder) > 0)
        {
            s = Secp256k1Curve.Parameters.N.Subtract(s);
        }
        return DerEcdsaSignature.Encode(rs[0], s);
    }

    private protected override byte[] ExportRaw()
    {
        byte[] value = _parameters.D.ToByteArrayUnsigned();
        if (value.Length == KeyLength)
        {
            return value;
        }
        var padded = new byte[KeyLength];
        value.CopyTo(padded, KeyLength - value.Length);
        return padded;
    }
}
