using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Identity;

/// <summary>
/// A libp2p peer ID (libp2p/specs peer-ids/peer-ids.md, "Peer Ids"): the multihash of the deterministic
/// public key protobuf, identity when that is at most 42 bytes, sha2-256 otherwise. Text forms are the bare
/// base58btc multihash (<c>12D3KooW…</c>, <c>Qm…</c>) and the CIDv1 with codec <c>libp2p-key</c>.
/// </summary>
public sealed class PeerId : IEquatable<PeerId>
{
    /// <summary>Encoded public keys up to this length are inlined with the identity multihash
    /// (peer-ids.md "Peer Ids").</summary>
    public const int MaxInlineKeyLength = 42;

    /// <summary>The multicodec of a peer ID inside a CID: <c>libp2p-key</c>.</summary>
    public const ulong LibP2pKeyCodec = 0x72;

    private const int Sha256Length = 32;
    private const int MaxTextLength = 256;

    private readonly byte[] _bytes;
    private readonly int _hashCode;

    private PeerId(byte[] bytes)
    {
        _bytes = bytes;
        var hash = new HashCode();
        hash.AddBytes(bytes);
        _hashCode = hash.ToHashCode();
    }

    /// <summary>The multihash bytes (the binary peer ID).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>True when the public key is inlined (identity multihash).</summary>
    public bool IsInlineKey => _bytes[0] == Multihash.Identity;

    /// <summary>A copy of the multihash bytes.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>Derives the peer ID of <paramref name="key"/> (peer-ids.md "Peer Ids").</summary>
    public static PeerId FromPublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ReadOnlySpan<byte> encoded = key.ProtobufSpan;
        if (encoded.Length <= MaxInlineKeyLength)
        {
            return new PeerId(Multihash.Encode(Multihash.Identity, encoded));
        }
        Span<byte> digest = stackalloc byte[Sha256Length];
        SHA256.HashData(encoded, digest);
        return new PeerId(Multihash.Encode(Multihash.Sha2_256, digest));
    }

    /// <summary>Wraps a binary peer ID, which must be exactly one identity multihash of at most
    /// <see cref="MaxInlineKeyLength"/> bytes or one sha2-256 multihash (peer-ids.md "Peer Ids").</summary>
    /// <exception cref="PeerIdFormatException">Anything else.</exception>
    public static PeerId FromBytes(ReadOnlySpan<byte> bytes)
    {
        string? error = Validate(bytes);
        if (error is not null)
        {
            throw new PeerIdFormatException(error);
        }
        return new PeerId(bytes.ToArray());
    }

    /// <summary>Parses a peer ID: the bare base58btc multihash when the text starts with <c>1</c> or <c>Qm</c>,
    /// otherwise a multibase CIDv1 whose codec is <c>libp2p-key</c> (peer-ids.md "String representation").</summary>
    /// <exception cref="PeerIdFormatException">Malformed text, wrong CID codec or version, invalid multihash.</exception>
    public static PeerId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParseCore(text, out PeerId? peerId, out string? error))
        {
            throw new PeerIdFormatException(error);
        }
        return peerId;
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PeerId? peerId)
    {
        if (text is null)
        {
            peerId = null;
            return false;
        }
        return TryParseCore(text, out peerId, out _);
    }

    private static bool TryParseCore(string text, [NotNullWhen(true)] out PeerId? peerId, [NotNullWhen(false)] out string? error)
    {
        peerId = null;
        if (text.Length is 0 or > MaxTextLength)
        {
            error = $"a peer ID string is 1 to {MaxTextLength} characters, got {text.Length}";
            return false;
        }
        byte[]? bytes;
        if (text[0] == '1' || text.StartsWith("Qm", StringComparison.Ordinal))
        {
            if (!Base58.TryDecode(text, out bytes))
            {
                error = $"'{Shorten(text)}' is not valid base58btc";
                return false;
            }
        }
        else
        {
            if (!Multibase.TryDecode(text, out _, out byte[]? cid))
            {
                error = $"'{Shorten(text)}' is neither a base58btc multihash (1…, Qm…) nor a multibase CID";
                return false;
            }
            if (!TryReadCid(cid, out bytes, out error))
            {
                return false;
            }
        }
        error = Validate(bytes);
        if (error is not null)
        {
            return false;
        }
        peerId = new PeerId(bytes);
        return true;
    }

    private static bool TryReadCid(byte[] bytes, [NotNullWhen(true)] out byte[]? multihash, [NotNullWhen(false)] out string? error)
    {
        multihash = null;
        Cid cid;
        try
        {
            cid = Cid.FromBytes(bytes);
        }
        catch (CidFormatException e)
        {
            error = $"the text is not a valid CID: {e.Message}";
            return false;
        }
        if (cid.Version != 1)
        {
            error = "a peer ID CID must be CIDv1 (a bare multihash is written in base58btc without a multibase prefix)";
            return false;
        }
        if (cid.Codec != LibP2pKeyCodec)
        {
            string name = Multicodec.TryGetName(cid.Codec, out string? known) ? $"{known} (0x{cid.Codec:x})" : $"0x{cid.Codec:x}";
            error = $"the CID's codec is {name}, not libp2p-key (0x72): it is not a peer ID";
            return false;
        }
        multihash = cid.Multihash.ToArray();
        error = null;
        return true;
    }

    private static string? Validate(ReadOnlySpan<byte> bytes)
    {
        MultihashStatus status = Multihash.Validate(bytes, out ulong code, out ReadOnlySpan<byte> digest);
        if (status != MultihashStatus.Ok)
        {
            return $"a peer ID is a multihash, and this one is invalid ({status})";
        }
        if (code == Multihash.Identity)
        {
            return digest.Length is > 0 and <= MaxInlineKeyLength
                ? null
                : $"an identity peer ID inlines a key of 1 to {MaxInlineKeyLength} bytes, got {digest.Length}";
        }
        if (code == Multihash.Sha2_256)
        {
            return digest.Length == Sha256Length ? null : $"a sha2-256 peer ID has a 32-byte digest, got {digest.Length}";
        }
        return $"a peer ID uses the identity or sha2-256 multihash, got code 0x{code:x}";
    }

    /// <summary>The public key inlined in an identity peer ID, or null (sha2-256 peer ID, or an inlined value
    /// that is not a valid key).</summary>
    public PublicKey? TryExtractPublicKey()
    {
        if (!IsInlineKey)
        {
            return null;
        }
        Multihash.Parse(_bytes, out ReadOnlySpan<byte> digest);
        try
        {
            return PublicKey.FromProtobuf(digest);
        }
        catch (KeyFormatException)
        {
            return null;
        }
    }

    /// <summary>True when this is the peer ID of <paramref name="key"/>.</summary>
    public bool Matches(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ReadOnlySpan<byte> encoded = key.ProtobufSpan;
        Multihash.Parse(_bytes, out ReadOnlySpan<byte> digest);
        if (IsInlineKey)
        {
            return digest.SequenceEqual(encoded);
        }
        if (encoded.Length <= MaxInlineKeyLength)
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[Sha256Length];
        SHA256.HashData(encoded, hash);
        return digest.SequenceEqual(hash);
    }

    /// <summary>The base58btc text form of the multihash (peer-ids.md "String representation").</summary>
    public override string ToString() => Base58.Encode(_bytes);

    /// <summary>The CIDv1 text form with codec <c>libp2p-key</c> in <paramref name="encoding"/> (base32 by default,
    /// peer-ids.md "String representation").</summary>
    public string ToCidString(MultibaseEncoding encoding = MultibaseEncoding.Base32) =>
        Cid.V1(LibP2pKeyCodec, _bytes).ToString(encoding);

    /// <inheritdoc />
    public bool Equals(PeerId? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PeerId);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <summary>Equality by multihash bytes.</summary>
    public static bool operator ==(PeerId? left, PeerId? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by multihash bytes.</summary>
    public static bool operator !=(PeerId? left, PeerId? right) => !(left == right);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
