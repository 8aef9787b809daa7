using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// Multihash: <c>&lt;varint hash code&gt;&lt;varint digest length&gt;&lt;digest&gt;</c> (multiformats/multihash README "Format").
/// Sans-IO; parsing never allocates and never trusts a declared length beyond the bytes present.
/// </summary>
public static class Multihash
{
    /// <summary>identity: the "digest" is the data itself.</summary>
    public const ulong Identity = 0x00;
    /// <summary>SHA-1.</summary>
    public const ulong Sha1 = 0x11;
    /// <summary>SHA2-256.</summary>
    public const ulong Sha2_256 = 0x12;
    /// <summary>SHA2-512.</summary>
    public const ulong Sha2_512 = 0x13;
    /// <summary>SHA3-512 (the multihash test vectors call it "sha3").</summary>
    public const ulong Sha3_512 = 0x14;
    /// <summary>SHA3-384.</summary>
    public const ulong Sha3_384 = 0x15;
    /// <summary>SHA3-256.</summary>
    public const ulong Sha3_256 = 0x16;
    /// <summary>SHA3-224.</summary>
    public const ulong Sha3_224 = 0x17;
    /// <summary>First BLAKE2b code (blake2b-8); blake2b-N is <c>0xb200 + N/8</c> up to blake2b-512.</summary>
    public const ulong Blake2bMin = 0xb201;
    /// <summary>Last BLAKE2b code (blake2b-512).</summary>
    public const ulong Blake2bMax = 0xb240;
    /// <summary>First BLAKE2s code (blake2s-8); blake2s-N is <c>0xb240 + N/8</c> up to blake2s-256.</summary>
    public const ulong Blake2sMin = 0xb241;
    /// <summary>Last BLAKE2s code (blake2s-256).</summary>
    public const ulong Blake2sMax = 0xb260;

    /// <summary>Largest digest accepted when parsing (identity multihashes of large keys stay far below this).</summary>
    public const int MaxDigestLength = 4096;

    /// <summary>Builds a multihash from a code and an already computed digest.</summary>
    /// <exception cref="ArgumentException">The digest is longer than <see cref="MaxDigestLength"/>.</exception>
    public static byte[] Encode(ulong code, ReadOnlySpan<byte> digest)
    {
        if (digest.Length > MaxDigestLength)
        {
            throw new ArgumentException($"digest of {digest.Length} bytes exceeds {MaxDigestLength}", nameof(digest));
        }
        int codeLength = Varint.GetLength(code);
        int lengthLength = Varint.GetLength((ulong)digest.Length);
        byte[] result = new byte[codeLength + lengthLength + digest.Length];
        Varint.Write(result, code);
        Varint.Write(result.AsSpan(codeLength), (ulong)digest.Length);
        digest.CopyTo(result.AsSpan(codeLength + lengthLength));
        return result;
    }

    /// <summary>True when <see cref="Sum"/> can compute <paramref name="code"/>.</summary>
    public static bool IsSupported(ulong code) => GetFullDigestLength(code) >= 0;

    /// <summary>
    /// Full digest length in bytes of a supported hash function, -1 when unsupported, 0 for identity (variable).
    /// </summary>
    public static int GetFullDigestLength(ulong code) => code switch
    {
        Identity => 0,
        Sha1 => 20,
        Sha2_256 => 32,
        Sha2_512 => 64,
        Sha3_512 => 64,
        Sha3_384 => 48,
        Sha3_256 => 32,
        Sha3_224 => 28,
        >= Blake2bMin and <= Blake2bMax => (int)(code - 0xb200),
        >= Blake2sMin and <= Blake2sMax => (int)(code - 0xb240),
        _ => -1,
    };

    /// <summary>
    /// Hashes <paramref name="data"/> and returns the multihash; <paramref name="length"/> truncates the digest to its
    /// first bytes (multihash README: "the digest MAY be truncated"), never extends it.
    /// </summary>
    /// <exception cref="NotSupportedException">The hash function is not implemented here.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or longer than the full digest.</exception>
    public static byte[] Sum(ulong code, ReadOnlySpan<byte> data, int? length = null)
    {
        int full = GetFullDigestLength(code);
        if (full < 0)
        {
            throw new NotSupportedException($"multihash code 0x{code:x} is not supported");
        }
        if (code == Identity)
        {
            if (length is not null && length != data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "an identity multihash cannot be truncated");
            }
            return Encode(code, data);
        }
        int take = length ?? full;
        if (take < 0 || take > full)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"digest length must be within 0..{full}");
        }
        Span<byte> digest = stackalloc byte[64];
        digest = digest[..full];
        ComputeDigest(code, data, digest);
        return Encode(code, digest[..take]);
    }

    /// <summary>Reads one multihash from the start of <paramref name="source"/>; bytes after it are left unread.</summary>
    public static MultihashStatus TryRead(ReadOnlySpan<byte> source, out ulong code, out ReadOnlySpan<byte> digest, out int consumed)
    {
        code = 0;
        digest = default;
        consumed = 0;
        VarintStatus status = Varint.TryRead(source, out ulong c, out int codeLength);
        if (status != VarintStatus.Ok)
        {
            return status == VarintStatus.NeedMoreData ? MultihashStatus.Truncated : MultihashStatus.InvalidVarint;
        }
        status = Varint.TryRead(source[codeLength..], out ulong length, out int lengthLength);
        if (status != VarintStatus.Ok)
        {
            return status == VarintStatus.NeedMoreData ? MultihashStatus.Truncated : MultihashStatus.InvalidVarint;
        }
        if (length > MaxDigestLength)
        {
            return MultihashStatus.DigestTooLong;
        }
        int header = codeLength + lengthLength;
        if ((ulong)(source.Length - header) < length)
        {
            return MultihashStatus.Truncated;
        }
        code = c;
        digest = source.Slice(header, (int)length);
        consumed = header + (int)length;
        return MultihashStatus.Ok;
    }

    /// <summary>Reads one multihash from the start of <paramref name="source"/>; false on malformed or truncated input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out ulong code, out ReadOnlySpan<byte> digest, out int consumed)
        => TryRead(source, out code, out digest, out consumed) == MultihashStatus.Ok;

    /// <summary>Parses <paramref name="multihash"/>, which must be exactly one multihash, and returns its code.</summary>
    /// <exception cref="MultihashFormatException">Malformed, truncated or followed by extra bytes.</exception>
    public static ulong Parse(ReadOnlySpan<byte> multihash, out ReadOnlySpan<byte> digest)
    {
        MultihashStatus status = Validate(multihash, out ulong code, out digest);
        if (status != MultihashStatus.Ok)
        {
            throw new MultihashFormatException(status, Describe(status, multihash.Length));
        }
        return code;
    }

    /// <summary>Checks that <paramref name="multihash"/> is exactly one well-formed multihash.</summary>
    public static MultihashStatus Validate(ReadOnlySpan<byte> multihash, out ulong code, out ReadOnlySpan<byte> digest)
    {
        MultihashStatus status = TryRead(multihash, out code, out digest, out int consumed);
        if (status == MultihashStatus.Ok && consumed != multihash.Length)
        {
            code = 0;
            digest = default;
            return MultihashStatus.TrailingBytes;
        }
        return status;
    }

    /// <summary>True when <paramref name="multihash"/> is exactly one well-formed multihash.</summary>
    public static bool IsValid(ReadOnlySpan<byte> multihash) => Validate(multihash, out _, out _) == MultihashStatus.Ok;

    internal static string Describe(MultihashStatus status, int inputLength) => status switch
    {
        MultihashStatus.Truncated => $"multihash truncated ({inputLength} bytes)",
        MultihashStatus.InvalidVarint => "multihash code or length is not a valid unsigned varint",
        MultihashStatus.DigestTooLong => $"multihash digest length exceeds {MaxDigestLength} bytes",
        MultihashStatus.TrailingBytes => "bytes follow the multihash digest",
        _ => "invalid multihash",
    };

    private static void ComputeDigest(ulong code, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        switch (code)
        {
            case Sha1:
                SHA1.HashData(data, digest);
                return;
            case Sha2_256:
                SHA256.HashData(data, digest);
                return;
            case Sha2_512:
                SHA512.HashData(data, digest);
                return;
        }
        IDigest engine = code switch
        {
            Sha3_512 => new Sha3Digest(512),
            Sha3_384 => new Sha3Digest(384),
            Sha3_256 => new Sha3Digest(256),
            Sha3_224 => new Sha3Digest(224),
            >= Blake2bMin and <= Blake2bMax => new Blake2bDigest((int)(code - 0xb200) * 8),
            _ => new Blake2sDigest((int)(code - 0xb240) * 8),
        };
        engine.BlockUpdate(data);
        engine.DoFinal(digest);
    }
}
