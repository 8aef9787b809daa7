using System.Text;
using Libp2p.Core.Multiformats.Internal;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// Multibase: self-describing base encodings, one prefix character then the encoded data
/// (multiformats/multibase README "Format" and multibase.csv). Decoding of case-insensitive encodings
/// (base16, base32*, base36) accepts any mix of cases (multibase tests/case_insensitivity.csv).
/// </summary>
public static class Multibase
{
    /// <summary>Longest text (in UTF-16 code units) <see cref="Decode(string)"/> accepts for bit-group encodings.</summary>
    public const int MaxEncodedLength = 1 << 20;

    /// <summary>Longest text accepted for radix encodings (base10, base36, base58), whose decoding is quadratic.</summary>
    public const int MaxRadixEncodedLength = Base58.MaxEncodedLength;

    private static readonly BitCodec Base2Codec = new("01", false, 0);
    private static readonly BitCodec Base8Codec = new("01234567", false, 0);
    private static readonly BitCodec Base16Lower = new("0123456789abcdef", true, 0);
    private static readonly BitCodec Base16UpperCodec = new("0123456789ABCDEF", true, 0);
    private static readonly BitCodec B32 = new("abcdefghijklmnopqrstuvwxyz234567", true, 0);
    private static readonly BitCodec B32Upper = new("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", true, 0);
    private static readonly BitCodec B32Pad = new("abcdefghijklmnopqrstuvwxyz234567", true, 8);
    private static readonly BitCodec B32PadUpper = new("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", true, 8);
    private static readonly BitCodec B32Hex = new("0123456789abcdefghijklmnopqrstuv", true, 0);
    private static readonly BitCodec B32HexUpper = new("0123456789ABCDEFGHIJKLMNOPQRSTUV", true, 0);
    private static readonly BitCodec B32HexPad = new("0123456789abcdefghijklmnopqrstuv", true, 8);
    private static readonly BitCodec B32HexPadUpper = new("0123456789ABCDEFGHIJKLMNOPQRSTUV", true, 8);
    private static readonly BitCodec B32Z = new("ybndrfg8ejkmcpqxot1uwisza345h769", false, 0);
    private static readonly BitCodec B64 = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false, 0);
    private static readonly BitCodec B64Pad = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false, 4);
    private static readonly BitCodec B64Url = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, 0);
    private static readonly BitCodec B64UrlPad = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, 4);
    private static readonly RadixCodec Base10Codec = new("0123456789", false);
    private static readonly RadixCodec Base36Lower = new("0123456789abcdefghijklmnopqrstuvwxyz", true);
    private static readonly RadixCodec Base36UpperCodec = new("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true);

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>All encodings implemented here.</summary>
    public static IReadOnlyList<MultibaseEncoding> Encodings { get; } = Enum.GetValues<MultibaseEncoding>();

    /// <summary>The prefix of <paramref name="encoding"/> (one or two UTF-16 code units: base256emoji's rocket is a surrogate pair).</summary>
    public static string GetPrefix(MultibaseEncoding encoding) => encoding switch
    {
        MultibaseEncoding.Identity => "\0",
        MultibaseEncoding.Base2 => "0",
        MultibaseEncoding.Base8 => "7",
        MultibaseEncoding.Base10 => "9",
        MultibaseEncoding.Base16 => "f",
        MultibaseEncoding.Base16Upper => "F",
        MultibaseEncoding.Base32 => "b",
        MultibaseEncoding.Base32Upper => "B",
        MultibaseEncoding.Base32Pad => "c",
        MultibaseEncoding.Base32PadUpper => "C",
        MultibaseEncoding.Base32Hex => "v",
        MultibaseEncoding.Base32HexUpper => "V",
        MultibaseEncoding.Base32HexPad => "t",
        MultibaseEncoding.Base32HexPadUpper => "T",
        MultibaseEncoding.Base32Z => "h",
        MultibaseEncoding.Base36 => "k",
        MultibaseEncoding.Base36Upper => "K",
        MultibaseEncoding.Base58Btc => "z",
        MultibaseEncoding.Base58Flickr => "Z",
        MultibaseEncoding.Base64 => "m",
        MultibaseEncoding.Base64Pad => "M",
        MultibaseEncoding.Base64Url => "u",
        MultibaseEncoding.Base64UrlPad => "U",
        MultibaseEncoding.Base256Emoji => char.ConvertFromUtf32(Base256Emoji.FirstCodePoint),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown multibase encoding"),
    };

    /// <summary>The multibase.csv name of <paramref name="encoding"/> (e.g. "base32hexpadupper").</summary>
    public static string GetName(MultibaseEncoding encoding) => encoding switch
    {
        MultibaseEncoding.Identity => "identity",
        MultibaseEncoding.Base58Btc => "base58btc",
        MultibaseEncoding.Base58Flickr => "base58flickr",
        MultibaseEncoding.Base256Emoji => "base256emoji",
        _ when Enum.IsDefined(encoding) => encoding.ToString().ToLowerInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown multibase encoding"),
    };

    /// <summary>Looks up an encoding by its multibase.csv name (case-sensitive, e.g. "base64urlpad").</summary>
    public static bool TryGetEncoding(string name, out MultibaseEncoding encoding)
    {
        foreach (MultibaseEncoding candidate in Encodings)
        {
            if (GetName(candidate) == name)
            {
                encoding = candidate;
                return true;
            }
        }
        encoding = default;
        return false;
    }

    /// <summary>Encodes <paramref name="data"/> and prepends the prefix of <paramref name="encoding"/>.</summary>
    /// <exception cref="ArgumentException">Identity encoding of bytes that are not valid UTF-8, or data too long for a radix encoding.</exception>
    public static string Encode(MultibaseEncoding encoding, ReadOnlySpan<byte> data)
    {
        if (encoding is MultibaseEncoding.Base10 or MultibaseEncoding.Base36 or MultibaseEncoding.Base36Upper or MultibaseEncoding.Base58Btc or MultibaseEncoding.Base58Flickr
            && data.Length > MaxRadixEncodedLength / 4)
        {
            throw new ArgumentException($"{data.Length} bytes is too long for radix encoding {GetName(encoding)}", nameof(data));
        }
        string body = encoding switch
        {
            MultibaseEncoding.Identity => EncodeIdentity(data),
            MultibaseEncoding.Base10 => Base10Codec.Encode(data),
            MultibaseEncoding.Base36 => Base36Lower.Encode(data),
            MultibaseEncoding.Base36Upper => Base36UpperCodec.Encode(data),
            MultibaseEncoding.Base58Btc => Base58.Bitcoin.Encode(data),
            MultibaseEncoding.Base58Flickr => Base58.Flickr.Encode(data),
            MultibaseEncoding.Base256Emoji => Base256Emoji.Encode(data),
            _ => GetBitCodec(encoding).Encode(data),
        };
        return GetPrefix(encoding) + body;
    }

    /// <summary>Decodes a multibase string of any supported encoding.</summary>
    /// <exception cref="MultibaseFormatException">Empty input, unknown prefix, invalid character, bad length or padding, or input too long.</exception>
    public static byte[] Decode(string text) => Decode(text, out _);

    /// <summary>Decodes a multibase string and reports which encoding its prefix named.</summary>
    /// <exception cref="MultibaseFormatException">Empty input, unknown prefix, invalid character, bad length or padding, or input too long.</exception>
    public static byte[] Decode(string text, out MultibaseEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecodeCore(text, out encoding, out byte[] result, out string? error))
        {
            throw new MultibaseFormatException(error);
        }
        return result;
    }

    /// <summary>Decodes a multibase string; false (never an exception) on invalid input.</summary>
    public static bool TryDecode(string? text, out MultibaseEncoding encoding, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? result)
    {
        if (text is not null && TryDecodeCore(text, out encoding, out byte[] bytes, out _))
        {
            result = bytes;
            return true;
        }
        encoding = default;
        result = null;
        return false;
    }

    private static bool TryDecodeCore(string text, out MultibaseEncoding encoding, out byte[] result, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        result = [];
        encoding = default;
        error = null;
        if (text.Length == 0)
        {
            error = "empty multibase string: no prefix";
            return false;
        }
        if (text.Length > MaxEncodedLength)
        {
            error = $"multibase string of {text.Length} characters exceeds the {MaxEncodedLength} limit";
            return false;
        }
        if (!TryGetEncodingFromPrefix(text, out encoding, out int prefixLength))
        {
            error = $"unknown multibase prefix '{(char.IsSurrogate(text[0]) ? text[..Math.Min(2, text.Length)] : text[..1])}' (U+{char.ConvertToUtf32(text, 0):X4})";
            return false;
        }
        ReadOnlySpan<char> body = text.AsSpan(prefixLength);
        int bad;
        switch (encoding)
        {
            case MultibaseEncoding.Identity:
                result = Encoding.UTF8.GetBytes(text, prefixLength, text.Length - prefixLength);
                return true;
            case MultibaseEncoding.Base10 or MultibaseEncoding.Base36 or MultibaseEncoding.Base36Upper or MultibaseEncoding.Base58Btc or MultibaseEncoding.Base58Flickr:
                if (body.Length > MaxRadixEncodedLength)
                {
                    error = $"{GetName(encoding)} text of {body.Length} characters exceeds the {MaxRadixEncodedLength} limit";
                    return false;
                }
                RadixCodec radix = encoding switch
                {
                    MultibaseEncoding.Base10 => Base10Codec,
                    MultibaseEncoding.Base36 => Base36Lower,
                    MultibaseEncoding.Base36Upper => Base36UpperCodec,
                    MultibaseEncoding.Base58Btc => Base58.Bitcoin,
                    _ => Base58.Flickr,
                };
                if (radix.TryDecode(body, out result, out bad))
                {
                    return true;
                }
                break;
            case MultibaseEncoding.Base256Emoji:
                if (Base256Emoji.TryDecode(body, out result, out bad))
                {
                    return true;
                }
                break;
            default:
                if (GetBitCodec(encoding).TryDecode(body, out result, out bad, out string? problem))
                {
                    return true;
                }
                if (problem is not null)
                {
                    error = $"invalid {GetName(encoding)} text: {problem}";
                    return false;
                }
                break;
        }
        error = $"invalid {GetName(encoding)} character '{body[bad]}' at index {bad + prefixLength}";
        return false;
    }

    private static bool TryGetEncodingFromPrefix(string text, out MultibaseEncoding encoding, out int prefixLength)
    {
        prefixLength = 1;
        encoding = text[0] switch
        {
            '\0' => MultibaseEncoding.Identity,
            '0' => MultibaseEncoding.Base2,
            '7' => MultibaseEncoding.Base8,
            '9' => MultibaseEncoding.Base10,
            'f' => MultibaseEncoding.Base16,
            'F' => MultibaseEncoding.Base16Upper,
            'b' => MultibaseEncoding.Base32,
            'B' => MultibaseEncoding.Base32Upper,
            'c' => MultibaseEncoding.Base32Pad,
            'C' => MultibaseEncoding.Base32PadUpper,
            'v' => MultibaseEncoding.Base32Hex,
            'V' => MultibaseEncoding.Base32HexUpper,
            't' => MultibaseEncoding.Base32HexPad,
            'T' => MultibaseEncoding.Base32HexPadUpper,
            'h' => MultibaseEncoding.Base32Z,
            'k' => MultibaseEncoding.Base36,
            'K' => MultibaseEncoding.Base36Upper,
            'z' => MultibaseEncoding.Base58Btc,
            'Z' => MultibaseEncoding.Base58Flickr,
            'm' => MultibaseEncoding.Base64,
            'M' => MultibaseEncoding.Base64Pad,
            'u' => MultibaseEncoding.Base64Url,
            'U' => MultibaseEncoding.Base64UrlPad,
            _ => (MultibaseEncoding)(-1),
        };
        if (encoding >= 0)
        {
            return true;
        }
        if (text.Length >= 2 && char.IsSurrogatePair(text[0], text[1]) && char.ConvertToUtf32(text[0], text[1]) == Base256Emoji.FirstCodePoint)
        {
            encoding = MultibaseEncoding.Base256Emoji;
            prefixLength = 2;
            return true;
        }
        return false;
    }

    private static BitCodec GetBitCodec(MultibaseEncoding encoding) => encoding switch
    {
        MultibaseEncoding.Base2 => Base2Codec,
        MultibaseEncoding.Base8 => Base8Codec,
        MultibaseEncoding.Base16 => Base16Lower,
        MultibaseEncoding.Base16Upper => Base16UpperCodec,
        MultibaseEncoding.Base32 => B32,
        MultibaseEncoding.Base32Upper => B32Upper,
        MultibaseEncoding.Base32Pad => B32Pad,
        MultibaseEncoding.Base32PadUpper => B32PadUpper,
        MultibaseEncoding.Base32Hex => B32Hex,
        MultibaseEncoding.Base32HexUpper => B32HexUpper,
        MultibaseEncoding.Base32HexPad => B32HexPad,
        MultibaseEncoding.Base32HexPadUpper => B32HexPadUpper,
        MultibaseEncoding.Base32Z => B32Z,
        MultibaseEncoding.Base64 => B64,
        MultibaseEncoding.Base64Pad => B64Pad,
        MultibaseEncoding.Base64Url => B64Url,
        MultibaseEncoding.Base64UrlPad => B64UrlPad,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown multibase encoding"),
    };

    private static string EncodeIdentity(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArgumentException("identity multibase can only carry valid UTF-8 text", nameof(data), ex);
        }
    }

    internal static string EncodeBase32LowerNoPrefix(ReadOnlySpan<byte> data) => B32.Encode(data);

    internal static bool TryDecodeBase32NoPrefix(ReadOnlySpan<char> text, out byte[] result) => B32.TryDecode(text, out result, out _, out _);
}
