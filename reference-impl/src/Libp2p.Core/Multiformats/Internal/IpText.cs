using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Libp2p.Core.Multiformats.Internal;

/// <summary>Strict IPv4/IPv6 text forms for multiaddr values (multiaddr protocols/IP4.md, IP6.md; RFC 5952 output).</summary>
internal static class IpText
{
    /// <summary>Dotted decimal, exactly four parts 0..255, no leading zeros (leading zeros are octal in some parsers).</summary>
    public static bool TryParseIp4(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int part = 0;
        int i = 0;
        while (part < 4)
        {
            int start = i;
            int value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 3)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }
            destination[part++] = (byte)value;
            if (part < 4)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }
                i++;
            }
        }
        return i == text.Length;
    }

    public static void AppendIp4(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        builder.Append(value[0]).Append('.').Append(value[1]).Append('.').Append(value[2]).Append('.').Append(value[3]);
    }

    /// <summary>Any RFC 4291 text form, including an embedded dotted IPv4 tail; no zone, no brackets.</summary>
    public static bool TryParseIp6(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length < 2 || text.Length > 45 || !text.Contains(':'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c != ':' && c != '.')
            {
                return false;
            }
        }
        int lastColon = text.LastIndexOf(':');
        if (text[(lastColon + 1)..].Contains('.') && !TryParseIp4(text[(lastColon + 1)..], stackalloc byte[4]))
        {
            return false;
        }
        if (!IPAddress.TryParse(text, out IPAddress? address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || address.ScopeId != 0)
        {
            return false;
        }
        return address.TryWriteBytes(destination, out int written) && written == 16;
    }

    /// <summary>
    /// RFC 5952 section 4: lower-case hex, no leading zeros, the first longest run of two or more zero groups as "::".
    /// Always pure hex (no dotted IPv4 tail), as the WHATWG URL serializer and js-multiaddr write it.
    /// </summary>
    public static void AppendIp6(StringBuilder builder, ReadOnlySpan<byte> value)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(i * 2)..]);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }
            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2)
        {
            bestStart = -1;
        }
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                builder.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength)
            {
                builder.Append(':');
            }
            builder.Append(groups[i].ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
