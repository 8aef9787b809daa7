namespace Libp2p.Core.Multiformats;

/// <summary>
/// The multibase encodings implemented here, each with its prefix character from multiformats/multibase multibase.csv.
/// </summary>
public enum MultibaseEncoding
{
    /// <summary>Prefix U+0000: the bytes themselves (as UTF-8 text).</summary>
    Identity,
    /// <summary>Prefix '0': binary digits.</summary>
    Base2,
    /// <summary>Prefix '7': octal, RFC 4648-style bit groups.</summary>
    Base8,
    /// <summary>Prefix '9': decimal (radix).</summary>
    Base10,
    /// <summary>Prefix 'f': lower-case hexadecimal.</summary>
    Base16,
    /// <summary>Prefix 'F': upper-case hexadecimal.</summary>
    Base16Upper,
    /// <summary>Prefix 'b': RFC 4648 base32, lower case, no padding.</summary>
    Base32,
    /// <summary>Prefix 'B': RFC 4648 base32, upper case, no padding.</summary>
    Base32Upper,
    /// <summary>Prefix 'c': RFC 4648 base32, lower case, padded.</summary>
    Base32Pad,
    /// <summary>Prefix 'C': RFC 4648 base32, upper case, padded.</summary>
    Base32PadUpper,
    /// <summary>Prefix 'v': RFC 4648 base32hex, lower case, no padding.</summary>
    Base32Hex,
    /// <summary>Prefix 'V': RFC 4648 base32hex, upper case, no padding.</summary>
    Base32HexUpper,
    /// <summary>Prefix 't': RFC 4648 base32hex, lower case, padded.</summary>
    Base32HexPad,
    /// <summary>Prefix 'T': RFC 4648 base32hex, upper case, padded.</summary>
    Base32HexPadUpper,
    /// <summary>Prefix 'h': z-base-32.</summary>
    Base32Z,
    /// <summary>Prefix 'k': base36 [0-9a-z] (radix), lower case.</summary>
    Base36,
    /// <summary>Prefix 'K': base36 (radix), upper case.</summary>
    Base36Upper,
    /// <summary>Prefix 'z': base58, Bitcoin alphabet.</summary>
    Base58Btc,
    /// <summary>Prefix 'Z': base58, Flickr alphabet.</summary>
    Base58Flickr,
    /// <summary>Prefix 'm': RFC 4648 base64, no padding.</summary>
    Base64,
    /// <summary>Prefix 'M': RFC 4648 base64, padded.</summary>
    Base64Pad,
    /// <summary>Prefix 'u': RFC 4648 base64url, no padding.</summary>
    Base64Url,
    /// <summary>Prefix 'U': RFC 4648 base64url, padded.</summary>
    Base64UrlPad,
    /// <summary>Prefix U+1F680 (rocket): one emoji per byte.</summary>
    Base256Emoji,
}
