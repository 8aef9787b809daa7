using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>
/// A libp2p public key (libp2p/specs peer-ids/peer-ids.md, "Keys"): one of RSA, Ed25519, secp256k1 or
/// ECDSA, carried on the wire as the deterministic <c>PublicKey</c> protobuf.
/// Instances are immutable and safe to share between threads.
/// </summary>
public abstract class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _raw;
    private readonly byte[] _protobuf;

    private protected PublicKey(KeyType type, byte[] raw)
    {
        _raw = raw;
        _protobuf = KeyProtobuf.Encode(type, raw);
    }

    /// <summary>The key type (peer-ids.md "Keys", the <c>Type</c> field).</summary>
    public abstract KeyType Type { get; }

    /// <summary>The type-specific key bytes: the protobuf <c>Data</c> field (peer-ids.md "Key Types").</summary>
    public ReadOnlyMemory<byte> Raw => _raw;

    /// <summary>The deterministic protobuf encoding, shared internally to avoid copies on hot paths.</summary>
    internal ReadOnlySpan<byte> ProtobufSpan => _protobuf;

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/> with this key's scheme
    /// (peer-ids.md "Key Types"). Returns false for any malformed signature; never throws for bad input.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The deterministic protobuf encoding of peer-ids.md "Keys": field 1 (type) then field 2 (data),
    /// minimal varints, nothing else.</summary>
    public byte[] ToProtobuf() => (byte[])_protobuf.Clone();

    /// <summary>Decodes a <c>PublicKey</c> protobuf (peer-ids.md "Keys").</summary>
    /// <exception cref="KeyFormatException">Malformed, oversize, missing field, unknown type or invalid key.</exception>
    public static PublicKey FromProtobuf(ReadOnlySpan<byte> bytes)
    {
        (KeyType type, byte[] data) = KeyProtobuf.DecodePublic(bytes);
        return Create(type, data);
    }

    /// <summary>Builds a key from its type and its <c>Data</c> bytes (peer-ids.md "Key Types").</summary>
    /// <exception cref="KeyFormatException">The bytes are not a valid key of that type.</exception>
    public static PublicKey FromRaw(KeyType type, ReadOnlySpan<byte> raw)
    {
        if (raw.Length > KeyProtobuf.MaxEncodedLength)
        {
            throw new KeyFormatException($"public key data is {raw.Length} bytes, above the {KeyProtobuf.MaxEncodedLength}-byte limit");
        }
        return Create(type, raw.ToArray());
    }

    private static PublicKey Create(KeyType type, byte[] data) => type switch
    {
        KeyType.Ed25519 => Ed25519PublicKey.Decode(data),
        KeyType.Secp256k1 => Secp256k1PublicKey.Decode(data),
        KeyType.Ecdsa => EcdsaPublicKey.Decode(data),
        KeyType.Rsa => RsaPublicKey.Decode(data),
        _ => throw new KeyFormatException($"unknown key type {(int)type}"),
    };

    /// <inheritdoc />
    public bool Equals(PublicKey? other) =>
        other is not null && other.Type == Type && other._raw.AsSpan().SequenceEqual(_raw);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(_raw);
        return hash.ToHashCode();
    }

    /// <summary>Equality by type and key bytes.</summary>
    public static bool operator ==(PublicKey? left, PublicKey? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by type and key bytes.</summary>
    public static bool operator !=(PublicKey? left, PublicKey? right) => !(left == right);

    /// <inheritdoc />
    public override string ToString() => $"{Type} public key ({_raw.Length} bytes)";

    /// <summary>SHA-256 of <paramref name="data"/>, the digest RSA/ECDSA/secp256k1 libp2p signatures cover.</summary>
    private protected static byte[] Sha256(ReadOnlySpan<byte> data) => SHA256.HashData(data);
}
