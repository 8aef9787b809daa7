namespace Libp2p.Core.Multiformats.Internal;

/// <summary>How a multiaddr protocol's value is written in the string and binary forms.</summary>
internal enum MultiaddrValueKind
{
    /// <summary>No value.</summary>
    None,
    /// <summary>4 bytes, dotted decimal.</summary>
    Ip4,
    /// <summary>16 bytes, RFC 5952 text.</summary>
    Ip6,
    /// <summary>2 bytes big-endian, decimal 0..65535.</summary>
    Port,
    /// <summary>1 byte, decimal 0..255.</summary>
    Byte,
    /// <summary>UTF-8 text without '/' (dns*, sni, ip6zone, memory).</summary>
    Text,
    /// <summary>UTF-8 text, percent-encoded in the string form (unix, http-path).</summary>
    PercentEncoded,
    /// <summary>A multihash; base58btc (or CIDv1 libp2p-key on input) in the string form.</summary>
    PeerId,
    /// <summary>A multihash; multibase (base64url on output) in the string form.</summary>
    Certhash,
    /// <summary>10-byte onion service id + 2-byte port, "base32:port".</summary>
    Onion,
    /// <summary>35-byte onion v3 service id + 2-byte port, "base32:port".</summary>
    Onion3,
    /// <summary>I2P destination, I2P base64 alphabet.</summary>
    Garlic64,
    /// <summary>I2P destination hash, lower-case base32 without padding.</summary>
    Garlic32,
}
