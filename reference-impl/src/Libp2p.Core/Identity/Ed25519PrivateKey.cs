using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Libp2p.Core.Identity;

/// <summary>
/// An Ed25519 private key. Encoded as <c>[seed (32)][public key (32)]</c>; the older 96-byte form with the
/// public key repeated is accepted on input (peer-ids.md "Key Types" > "Ed25519").
/// </summary>
public sealed class Ed25519PrivateKey : PrivateKey
{
    /// <summary>Length of the RFC 8032 secret (seed).</summary>
    public const int SeedLength = 32;

    private readonly byte[] _seed;
    // Passed as spans: a byte[] second argument would bind to the Ed25519ctx overload (context, not public key).
    private readonly byte[] _publicBytes;
    private readonly Ed25519PublicKey _publicKey;

    private Ed25519PrivateKey(byte[] seed, byte[] publicBytes)
    {
        _seed = seed;
        _publicBytes = publicBytes;
        _publicKey = (Ed25519PublicKey)PublicKey.FromRaw(KeyType.Ed25519, publicBytes);
    }

    /// <inheritdoc />
    public override KeyType Type => KeyType.Ed25519;

    /// <inheritdoc />
    public override PublicKey PublicKey => _publicKey;

    internal static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        var publicBytes = new byte[Ed25519PublicKey.KeyLength];
        Ed25519.GeneratePublicKey(seed, publicBytes);
        return new Ed25519PrivateKey(seed.ToArray(), publicBytes);
    }

    internal static Ed25519PrivateKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        Ed25519PrivateKey key = FromSeed(seed);
        CryptographicOperations.ZeroMemory(seed);
        return key;
    }

    internal static Ed25519PrivateKey Decode(byte[] data)
    {
        if (data.Length == 96 && !data.AsSpan(32, 32).SequenceEqual(data.AsSpan(64, 32)))
        {
            throw new KeyFormatException("the legacy 96-byte Ed25519 private key repeats two different public keys");
        }
        if (data.Length is not (64 or 96))
        {
            throw new KeyFormatException($"an Ed25519 private key is 64 bytes (seed || public key), got {data.Length}");
        }
        Ed25519PrivateKey key = FromSeed(data.AsSpan(0, SeedLength));
        if (!key._publicBytes.AsSpan().SequenceEqual(data.AsSpan(SeedLength, Ed25519PublicKey.KeyLength)))
        {
            throw new KeyFormatException("the Ed25519 private key's embedded public key does not match its seed");
        }
        return key;
    }

    /// <inheritdoc />
    public override byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[Ed25519PublicKey.SignatureLength];
        Ed25519.Sign(_seed, (ReadOnlySpan<byte>)_publicBytes, data, signature);
        return signature;
    }

    /// <summary>Writes the 64-byte RFC 8032 signature of <paramref name="data"/> into <paramref name="destination"/>
    /// without allocating.</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < Ed25519PublicKey.SignatureLength)
        {
            throw new ArgumentException($"an Ed25519 signature needs {Ed25519PublicKey.SignatureLength} bytes", nameof(destination));
        }
        Ed25519.Sign(_seed, (ReadOnlySpan<byte>)_publicBytes, data, destination);
    }

    private protected override byte[] ExportRaw() => [.. _seed, .. _publicBytes];
}
