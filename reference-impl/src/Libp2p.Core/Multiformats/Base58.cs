using Libp2p.Core.Multiformats.Internal;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// Base58 with the Bitcoin alphabet (multiformats/multibase "base58btc", draft-msporny-base58), without a multibase prefix.
/// This is the legacy textual form of peer IDs (libp2p/specs peer-ids.md "String representation").
/// </summary>
public static class Base58
{
    /// <summary>The Bitcoin alphabet.</summary>
    public const string BitcoinAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>The Flickr alphabet (multibase "base58flickr").</summary>
    public const string FlickrAlphabet = "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Longest text accepted by <see cref="Decode"/>; base58 decoding is quadratic, so untrusted input is capped.</summary>
    public const int MaxEncodedLength = 8192;

    internal static readonly RadixCodec Bitcoin = new(BitcoinAlphabet, caseInsensitive: false);
    internal static readonly RadixCodec Flickr = new(FlickrAlphabet, caseInsensitive: false);

    /// <summary>Encodes <paramref name="data"/> with the Bitcoin alphabet.</summary>
    /// <exception cref="ArgumentException">The data would encode to more than <see cref="MaxEncodedLength"/> characters.</exception>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        // 1.37 characters per byte at most, so this keeps the output decodable by Decode.
        if (data.Length > MaxEncodedLength * 7 / 10)
        {
            throw new ArgumentException($"base58 input of {data.Length} bytes exceeds the {MaxEncodedLength}-character limit", nameof(data));
        }
        return Bitcoin.Encode(data);
    }

    /// <summary>Decodes Bitcoin-alphabet base58 text.</summary>
    /// <exception cref="MultibaseFormatException">A character outside the alphabet, or text longer than <see cref="MaxEncodedLength"/>.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Decode(text.AsSpan());
    }

    /// <summary>Decodes Bitcoin-alphabet base58 text.</summary>
    /// <exception cref="MultibaseFormatException">A character outside the alphabet, or text longer than <see cref="MaxEncodedLength"/>.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxEncodedLength)
        {
            throw new MultibaseFormatException($"base58 text of {text.Length} characters exceeds the {MaxEncodedLength}-character limit");
        }
        if (!Bitcoin.TryDecode(text, out byte[] result, out int bad))
        {
            throw new MultibaseFormatException($"invalid base58 character '{text[bad]}' at index {bad}");
        }
        return result;
    }

    /// <summary>Decodes Bitcoin-alphabet base58 text; false on any invalid input.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? result)
    {
        if (text.Length > MaxEncodedLength || !Bitcoin.TryDecode(text, out byte[] bytes, out _))
        {
            result = null;
            return false;
        }
        result = bytes;
        return true;
    }

    /// <summary>Decodes Bitcoin-alphabet base58 text; false on any invalid input.</summary>
    public static bool TryDecode(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? result)
    {
        if (text is null)
        {
            result = null;
            return false;
        }
        return TryDecode(text.AsSpan(), out result);
    }
}
