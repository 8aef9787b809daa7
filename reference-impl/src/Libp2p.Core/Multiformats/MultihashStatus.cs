namespace Libp2p.Core.Multiformats;

/// <summary>Outcome of reading a multihash (multiformats/multihash "Format": varint code, varint length, digest).</summary>
public enum MultihashStatus
{
    /// <summary>A complete multihash was read.</summary>
    Ok,
    /// <summary>The input ended inside the code, the length or the digest.</summary>
    Truncated,
    /// <summary>The code or length varint is overlong, over 9 bytes or not minimal.</summary>
    InvalidVarint,
    /// <summary>The declared digest length exceeds <see cref="Multihash.MaxDigestLength"/>.</summary>
    DigestTooLong,
    /// <summary>Bytes follow the digest where a whole input was expected to be one multihash.</summary>
    TrailingBytes,
}
