using System.Text;
using System.Text.Unicode;

namespace Libp2p.Core.Multiformats.Internal;

/// <summary>
/// Percent-encoding of one URI path segment (RFC 3986 section 2.1) as multiaddr's unix and http-path values use it
/// (multiaddr protocols/unix.md, httppath.md). Output escapes everything but RFC 3986 unreserved characters and
/// <c>!*'()</c> (the ECMAScript encodeURIComponent set, so strings match js-multiaddr byte for byte).
/// </summary>
internal static class PercentEncoding
{
    /// <summary>Decodes into <paramref name="destination"/>; returns bytes written or -1 with a problem.</summary>
    public static int Decode(ReadOnlySpan<char> text, Span<byte> destination, out string? problem)
    {
        problem = null;
        int o = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '%')
            {
                if (i + 3 > text.Length)
                {
                    problem = $"truncated percent escape at index {i}";
                    return -1;
                }
                int hi = HexValue(text[i + 1]);
                int lo = HexValue(text[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    problem = $"invalid percent escape '{text.Slice(i, 3)}'";
                    return -1;
                }
                if (o >= destination.Length)
                {
                    problem = "value too long";
                    return -1;
                }
                destination[o++] = (byte)((hi << 4) | lo);
                i += 3;
                continue;
            }
            int run = text[i..].IndexOf('%');
            ReadOnlySpan<char> chunk = run < 0 ? text[i..] : text.Slice(i, run);
            var status = Utf8.FromUtf16(chunk, destination[o..], out int read, out int written, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
            {
                problem = status == System.Buffers.OperationStatus.DestinationTooSmall ? "value too long" : "invalid UTF-16 text";
                return -1;
            }
            o += written;
            i += read;
        }
        if (!Utf8.IsValid(destination[..o]))
        {
            problem = "percent-decoded bytes are not valid UTF-8";
            return -1;
        }
        return o;
    }

    public static void Append(StringBuilder builder, ReadOnlySpan<byte> utf8)
    {
        foreach (byte b in utf8)
        {
            if (IsUnescaped(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
    }

    private static bool IsUnescaped(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'!' or (byte)'~' or (byte)'*' or (byte)'\'' or (byte)'(' or (byte)')';

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
