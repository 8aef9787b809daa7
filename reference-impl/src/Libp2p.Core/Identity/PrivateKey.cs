namespace Libp2p.Core.Identity;

/// <summary>
/// A libp2p private key (libp2p/specs peer-ids/peer-ids.md, "Keys"). Instances are immutable and safe to
/// share between threads.
/// </summary>
public abstract class PrivateKey
{
    /// <summary>The key type (peer-ids.md "Keys").</summary>
    public abstract KeyType Type { get; }

    /// <summary>The matching public key.</summary>
    public abstract PublicKey PublicKey { get; }

    /// <summary>Signs <paramref name="data"/> with this key's scheme (peer-ids.md "Key Types"): Ed25519
    /// (RFC 8032), or a DER ECDSA / PKCS#1 v1.5 signature over SHA-256 of the data.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> data);

    /// <summary>The type-specific private key bytes (the protobuf <c>Data</c> field).</summary>
    private protected abstract byte[] ExportRaw();

    /// <summary>The deterministic <c>PrivateKey</c> protobuf of peer-ids.md "Keys" (field 1 then field 2).</summary>
    public byte[] ToProtobuf() => KeyProtobuf.Encode(Type, ExportRaw());

    /// <summary>Decodes a <c>PrivateKey</c> protobuf (peer-ids.md "Keys").</summary>
    /// <exception cref="KeyFormatException">Malformed, oversize, missing field, unknown type or invalid key.</exception>
    public static PrivateKey FromProtobuf(ReadOnlySpan<byte> bytes)
    {
        (KeyType type, byte[] data) = KeyProtobuf.DecodePrivate(bytes);
        return type switch
        {
            KeyType.Ed25519 => Ed25519PrivateKey.Decode(data),
            KeyType.Secp256k1 => Secp256k1PrivateKey.Decode(data),
            KeyType.Ecdsa => EcdsaPrivateKey.Decode(data),
            KeyType.Rsa => RsaPrivateKey.Decode(data),
            _ => throw new KeyFormatException($"unknown key type {(int)type}"),
        };
    }

    /// <summary>Generates a fresh key of <paramref name="type"/> from the system CSPRNG
    /// (RSA: 2048 bits; ECDSA: P-256, as go-libp2p and js-libp2p generate).</summary>
    public static PrivateKey Generate(KeyType type) => type switch
    {
        KeyType.Ed25519 => Ed25519PrivateKey.Generate(),
        KeyType.Secp256k1 => Secp256k1PrivateKey.Generate(),
        KeyType.Ecdsa => EcdsaPrivateKey.Generate(),
        KeyType.Rsa => RsaPrivateKey.Generate(RsaPublicKey.MinBits),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown key type"),
    };

    /// <summary>The Ed25519 key whose RFC 8032 secret (seed) is <paramref name="seed32"/>.</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static PrivateKey Ed25519FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != Ed25519PrivateKey.SeedLength)
        {
            throw new ArgumentException($"an Ed25519 seed is {Ed25519PrivateKey.SeedLength} bytes, got {seed32.Length}", nameof(seed32));
        }
        return Ed25519PrivateKey.FromSeed(seed32);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} private key";
}
