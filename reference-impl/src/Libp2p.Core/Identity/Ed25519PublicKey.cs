using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Libp2p.Core.Identity;

/// <summary>
/// An Ed25519 public key: the 32-byte RFC 8032 encoding with no extra wrapping
/// (peer-ids.md "Key Types" > "Ed25519").
/// </summary>
public sealed class Ed25519PublicKey : PublicKey
{
    /// <summary>Length of the key in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>Length of a signature in bytes.</summary>
    public const int SignatureLength = 64;

    // Decoded once so each verification skips point decompression.
    private readonly Ed25519.PublicPoint _point;

    private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) : base(KeyType.Ed25519, raw) => _point = point;

    /// <inheritdoc />
    public override KeyType Type => KeyType.Ed25519;

    internal static Ed25519PublicKey Decode(byte[] raw)
    {
        if (raw.Length != KeyLength)
        {
            throw new KeyFormatException($"an Ed25519 public key is {KeyLength} bytes, got {raw.Length}");
        }
        Ed25519.PublicPoint? point = Ed25519.ValidatePublicKeyPartialExport(raw);
        if (point is null)
        {
            throw new KeyFormatException("the Ed25519 public key is not a valid curve point");
        }
        return new Ed25519PublicKey(raw, point);
    }

    /// <summary>Verifies a 64-byte RFC 8032 signature.</summary>
    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureLength && Ed25519.Verify(signature, _point, data);
}
