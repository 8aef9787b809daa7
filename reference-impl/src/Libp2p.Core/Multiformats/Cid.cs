namespace Libp2p.Core.Multiformats;

/// <summary>
/// A content identifier (multiformats/cid). CIDv0 is a bare sha2-256 multihash, written in base58btc ("Qm...") and
/// implicitly dag-pb; CIDv1 is <c>&lt;varint 1&gt;&lt;varint codec&gt;&lt;multihash&gt;</c>, written in multibase
/// (base32 by default). Peer IDs use CIDv1 with codec libp2p-key (libp2p/specs peer-ids.md "String representation").
/// </summary>
public sealed class Cid : IEquatable<Cid>
{
    /// <summary>Longest binary CID accepted.</summary>
    public const int MaxLength = Multiformats.Multihash.MaxDigestLength + (3 * Varint.MaxLength);

    private readonly byte[] _multihash;

    private Cid(int version, ulong codec, byte[] multihash)
    {
        Version = version;
        Codec = codec;
        _multihash = multihash;
    }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>The content multicodec (dag-pb for v0).</summary>
    public ulong Codec { get; }

    /// <summary>The multihash bytes.</summary>
    public ReadOnlyMemory<byte> Multihash => _multihash;

    /// <summary>Creates a CIDv0 from a sha2-256 multihash with a 32-byte digest.</summary>
    /// <exception cref="CidFormatException">The multihash is not sha2-256/32.</exception>
    public static Cid V0(ReadOnlySpan<byte> multihash)
    {
        if (multihash.Length != 34 || multihash[0] != 0x12 || multihash[1] != 0x20)
        {
            throw new CidFormatException("a CIDv0 must be a sha2-256 multihash with a 32-byte digest");
        }
        return new Cid(0, Multicodec.DagPb, multihash.ToArray());
    }

    /// <summary>Creates a CIDv1.</summary>
    /// <exception cref="CidFormatException">The multihash is malformed.</exception>
    public static Cid V1(ulong codec, byte[] multihash)
    {
        ArgumentNullException.ThrowIfNull(multihash);
        if (codec > Varint.MaxValue)
        {
            throw new CidFormatException("codec does not fit in an unsigned varint");
        }
        ValidateMultihash(multihash);
        return new Cid(1, codec, (byte[])multihash.Clone());
    }

    /// <summary>Decodes the binary form (multiformats/cid "Decoding Algorithm": 34 bytes starting 0x12 0x20 is v0).</summary>
    /// <exception cref="CidFormatException">Malformed, unsupported version, or trailing bytes.</exception>
    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
        {
            throw new CidFormatException($"CID of {bytes.Length} bytes exceeds {MaxLength}");
        }
        if (bytes.Length == 34 && bytes[0] == 0x12 && bytes[1] == 0x20)
        {
            return new Cid(0, Multicodec.DagPb, bytes.ToArray());
        }
        VarintStatus status = Varint.TryRead(bytes, out ulong version, out int n1);
        if (status != VarintStatus.Ok)
        {
            throw new CidFormatException($"CID version: {status}");
        }
        if (version != 1)
        {
            throw new CidFormatException(version == 0x12 ? "CIDv0 must be exactly a 34-byte sha2-256 multihash" : $"unsupported CID version {version}");
        }
        status = Varint.TryRead(bytes[n1..], out ulong codec, out int n2);
        if (status != VarintStatus.Ok)
        {
            throw new CidFormatException($"CID codec: {status}");
        }
        ReadOnlySpan<byte> multihash = bytes[(n1 + n2)..];
        ValidateMultihash(multihash);
        return new Cid(1, codec, multihash.ToArray());
    }

    /// <summary>Parses the string form: "Qm..." (46 base58btc characters) is v0, anything else a multibase CIDv1.</summary>
    /// <exception cref="CidFormatException">Not a valid CID string.</exception>
    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            if (!Base58.TryDecode(text, out byte[]? v0))
            {
                throw new CidFormatException("CIDv0 is not valid base58btc");
            }
            return FromBytes(v0);
        }
        if (!Multibase.TryDecode(text, out _, out byte[]? bytes))
        {
            throw new CidFormatException("CIDv1 string is not valid multibase");
        }
        Cid cid = FromBytes(bytes);
        if (cid.Version == 0)
        {
            throw new CidFormatException("a CIDv0 must be written as bare base58btc, not multibase");
        }
        return cid;
    }

    /// <summary>Parses the string form; false on invalid input.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Cid? cid)
    {
        cid = null;
        if (text is null)
        {
            return false;
        }
        try
        {
            cid = Parse(text);
            return true;
        }
        catch (CidFormatException)
        {
            return false;
        }
    }

    /// <summary>The binary form.</summary>
    public byte[] ToBytes()
    {
        if (Version == 0)
        {
            return (byte[])_multihash.Clone();
        }
        int n1 = Varint.GetLength(1);
        int n2 = Varint.GetLength(Codec);
        byte[] result = new byte[n1 + n2 + _multihash.Length];
        Varint.Write(result, 1);
        Varint.Write(result.AsSpan(n1), Codec);
        _multihash.CopyTo(result, n1 + n2);
        return result;
    }

    /// <summary>The canonical string: base58btc for v0, base32 multibase for v1.</summary>
    public override string ToString() => Version == 0 ? Base58.Encode(_multihash) : ToString(MultibaseEncoding.Base32);

    /// <summary>The string form of a CIDv1 in <paramref name="encoding"/>.</summary>
    /// <exception cref="InvalidOperationException">A CIDv0 can only be written as bare base58btc.</exception>
    public string ToString(MultibaseEncoding encoding)
    {
        if (Version == 0)
        {
            if (encoding != MultibaseEncoding.Base58Btc)
            {
                throw new InvalidOperationException("a CIDv0 can only be written in base58btc");
            }
            return Base58.Encode(_multihash);
        }
        return Multibase.Encode(encoding, ToBytes());
    }

    /// <summary>The same content as a CIDv1 (v0 becomes dag-pb v1).</summary>
    public Cid ToV1() => Version == 1 ? this : new Cid(1, Codec, _multihash);

    /// <inheritdoc />
    public bool Equals(Cid? other) => other is not null && other.Version == Version && other.Codec == Codec && other._multihash.AsSpan().SequenceEqual(_multihash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Cid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Version);
        hash.Add(Codec);
        hash.AddBytes(_multihash);
        return hash.ToHashCode();
    }

    private static void ValidateMultihash(ReadOnlySpan<byte> multihash)
    {
        MultihashStatus status = Multiformats.Multihash.Validate(multihash, out _, out _);
        if (status != MultihashStatus.Ok)
        {
            throw new CidFormatException("CID multihash: " + Multiformats.Multihash.Describe(status, multihash.Length));
        }
    }
}
