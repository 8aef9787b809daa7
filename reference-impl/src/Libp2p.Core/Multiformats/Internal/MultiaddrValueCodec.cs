using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Libp2p.Core.Multiformats.Internal;

/// <summary>
/// Per-protocol value transcoding between the string and binary multiaddr forms (multiformats/multiaddr protocols.csv
/// and protocols/*.md). Every value accepted in one form converts to the other and back to the same bytes.
/// </summary>
internal static class MultiaddrValueCodec
{
    /// <summary>Largest DNS name (RFC 1035 section 2.3.4: 255 octets).</summary>
    public const int MaxDnsNameLength = 255;

    /// <summary>I2P base64 alphabet (the "-~" variant of RFC 4648 base64), padded.</summary>
    private static readonly BitCodec I2pBase64 = new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~", false, 4);

    /// <summary>Lower-case RFC 4648 base32 without padding (onion, garlic32).</summary>
    private static readonly BitCodec Base32Lower = new("abcdefghijklmnopqrstuvwxyz234567", true, 0);

    /// <summary>Converts the string-form value to bytes in <paramref name="destination"/>; returns bytes written or -1 with a problem.</summary>
    public static int Encode(MultiaddrProtocol protocol, ReadOnlySpan<char> value, Span<byte> destination, out string? problem)
    {
        problem = null;
        switch (protocol.Kind)
        {
            case MultiaddrValueKind.Ip4:
                if (!IpText.TryParseIp4(value, destination))
                {
                    problem = $"'{value}' is not a dotted-decimal IPv4 address";
                    return -1;
                }
                return 4;
            case MultiaddrValueKind.Ip6:
                if (!IpText.TryParseIp6(value, destination))
                {
                    problem = $"'{value}' is not an IPv6 address";
                    return -1;
                }
                return 16;
            case MultiaddrValueKind.Port:
                if (!TryParseDecimal(value, 65535, out int port))
                {
                    problem = $"'{value}' is not a port number 0..65535";
                    return -1;
                }
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)port);
                return 2;
            case MultiaddrValueKind.Byte:
                if (!TryParseDecimal(value, 255, out int mask))
                {
                    problem = $"'{value}' is not a number 0..255";
                    return -1;
                }
                destination[0] = (byte)mask;
                return 1;
            case MultiaddrValueKind.Text:
            {
                var status = Utf8.FromUtf16(value, destination, out _, out int written, replaceInvalidSequences: false);
                if (status != System.Buffers.OperationStatus.Done)
                {
                    problem = status == System.Buffers.OperationStatus.DestinationTooSmall ? "value too long" : "value is not valid UTF-16 text";
                    return -1;
                }
                problem = CheckText(protocol, destination[..written]);
                return problem is null ? written : -1;
            }
            case MultiaddrValueKind.PercentEncoded:
            {
                int written = PercentEncoding.Decode(value, destination, out problem);
                if (written == 0)
                {
                    problem = "empty value";
                    return -1;
                }
                return written;
            }
            case MultiaddrValueKind.PeerId:
                return EncodePeerId(value, destination, out problem);
            case MultiaddrValueKind.Certhash:
            {
                if (!Multibase.TryDecode(value.ToString(), out _, out byte[]? bytes))
                {
                    problem = "certhash is not a valid multibase string";
                    return -1;
                }
                return CopyMultihash(bytes, destination, "certhash", out problem);
            }
            case MultiaddrValueKind.Onion:
                return EncodeOnion(value, 16, 10, destination, out problem);
            case MultiaddrValueKind.Onion3:
                return EncodeOnion(value, 56, 35, destination, out problem);
            case MultiaddrValueKind.Garlic64:
            {
                if (!I2pBase64.TryDecode(value, out byte[] bytes, out _, out _))
                {
                    problem = "not I2P base64 (A-Z a-z 0-9 - ~, padded)";
                    return -1;
                }
                return CopyChecked(bytes, destination, CheckGarlic64(bytes.Length), out problem);
            }
            case MultiaddrValueKind.Garlic32:
            {
                if (!Base32Lower.TryDecode(value, out byte[] bytes, out _, out _))
                {
                    problem = "not lower-case base32 without padding";
                    return -1;
                }
                return CopyChecked(bytes, destination, CheckGarlic32(bytes.Length), out problem);
            }
            default:
                problem = "protocol takes no value";
                return -1;
        }
    }

    /// <summary>Checks a binary value; null when valid, else the problem. Allocation-free.</summary>
    public static string? Validate(MultiaddrProtocol protocol, ReadOnlySpan<byte> value) => protocol.Kind switch
    {
        MultiaddrValueKind.Text => CheckText(protocol, value),
        MultiaddrValueKind.PercentEncoded => value.IsEmpty ? "empty value" : Utf8.IsValid(value) ? null : "value is not valid UTF-8",
        MultiaddrValueKind.PeerId => Multihash.IsValid(value) ? null : "value is not a multihash",
        MultiaddrValueKind.Certhash => Multihash.IsValid(value) ? null : "value is not a multihash",
        MultiaddrValueKind.Onion or MultiaddrValueKind.Onion3 => BinaryPrimitives.ReadUInt16BigEndian(value[^2..]) == 0 ? "onion port must be 1..65535" : null,
        MultiaddrValueKind.Garlic64 => CheckGarlic64(value.Length),
        MultiaddrValueKind.Garlic32 => CheckGarlic32(value.Length),
        _ => null,
    };

    /// <summary>Appends the string form of a binary value already accepted by <see cref="Validate"/>.</summary>
    public static void Append(StringBuilder builder, MultiaddrProtocol protocol, ReadOnlySpan<byte> value)
    {
        switch (protocol.Kind)
        {
            case MultiaddrValueKind.Ip4:
                IpText.AppendIp4(builder, value);
                break;
            case MultiaddrValueKind.Ip6:
                IpText.AppendIp6(builder, value);
                break;
            case MultiaddrValueKind.Port:
                builder.Append(BinaryPrimitives.ReadUInt16BigEndian(value));
                break;
            case MultiaddrValueKind.Byte:
                builder.Append(value[0]);
                break;
            case MultiaddrValueKind.Text:
                builder.Append(Encoding.UTF8.GetString(value));
                break;
            case MultiaddrValueKind.PercentEncoded:
                PercentEncoding.Append(builder, value);
                break;
            case MultiaddrValueKind.PeerId:
                builder.Append(Base58.Encode(value));
                break;
            case MultiaddrValueKind.Certhash:
                builder.Append(Multibase.Encode(MultibaseEncoding.Base64Url, value));
                break;
            case MultiaddrValueKind.Onion:
            case MultiaddrValueKind.Onion3:
                builder.Append(Base32Lower.Encode(value[..^2])).Append(':').Append(BinaryPrimitives.ReadUInt16BigEndian(value[^2..]));
                break;
            case MultiaddrValueKind.Garlic64:
                builder.Append(I2pBase64.Encode(value));
                break;
            case MultiaddrValueKind.Garlic32:
                builder.Append(Base32Lower.Encode(value));
                break;
        }
    }

    private static string? CheckText(MultiaddrProtocol protocol, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return "empty value";
        }
        if (!Utf8.IsValid(value))
        {
            return "value is not valid UTF-8";
        }
        foreach (byte b in value)
        {
            if (b == (byte)'/')
            {
                return "value contains '/'";
            }
            if (b < 0x20 || b == 0x7F || b == (byte)' ')
            {
                return "value contains a control character or space";
            }
        }
        if (protocol.Name is "dns" or "dns4" or "dns6" or "dnsaddr" or "sni" && value.Length > MaxDnsNameLength)
        {
            return $"DNS name longer than {MaxDnsNameLength} bytes";
        }
        return null;
    }

    // go-multiaddr's limits: 516..616 characters of padded I2P base64, i.e. 386..462 bytes.
    private static string? CheckGarlic64(int length) => length is >= 386 and <= 462 ? null : $"garlic64 destination must be 386..462 bytes, got {length}";

    // go-multiaddr's limits: a 32-byte hash, or at least 35 bytes (encrypted leaseset form).
    private static string? CheckGarlic32(int length) => length == 32 || length >= 35 ? null : $"garlic32 value must be 32 or at least 35 bytes, got {length}";

    private static int EncodePeerId(ReadOnlySpan<char> value, Span<byte> destination, out string? problem)
    {
        if (value.Length > 0 && (value[0] == 'Q' || value[0] == '1'))
        {
            if (!Base58.TryDecode(value, out byte[]? legacy))
            {
                problem = "peer ID is not valid base58btc";
                return -1;
            }
            return CopyMultihash(legacy, destination, "peer ID", out problem);
        }
        if (!Cid.TryParse(value.ToString(), out Cid? cid))
        {
            problem = "peer ID is neither a base58btc multihash nor a CID";
            return -1;
        }
        if (cid.Version != 1 || cid.Codec != Multicodec.Libp2pKey)
        {
            problem = "a peer ID CID must be CIDv1 with codec libp2p-key (0x72)";
            return -1;
        }
        return CopyMultihash(cid.Multihash.Span, destination, "peer ID", out problem);
    }

    private static int CopyMultihash(ReadOnlySpan<byte> bytes, Span<byte> destination, string what, out string? problem)
        => CopyChecked(bytes, destination, Multihash.IsValid(bytes) ? null : $"{what} is not a valid multihash", out problem);

    private static int CopyChecked(ReadOnlySpan<byte> bytes, Span<byte> destination, string? check, out string? problem)
    {
        problem = check;
        if (problem is not null)
        {
            return -1;
        }
        if (!bytes.TryCopyTo(destination))
        {
            problem = "value too long";
            return -1;
        }
        return bytes.Length;
    }

    private static int EncodeOnion(ReadOnlySpan<char> value, int idChars, int idBytes, Span<byte> destination, out string? problem)
    {
        problem = null;
        int colon = value.IndexOf(':');
        if (colon < 0 || value[(colon + 1)..].Contains(':'))
        {
            problem = "onion address must be '<service id>:<port>'";
            return -1;
        }
        ReadOnlySpan<char> id = value[..colon];
        if (id.Length != idChars || !Base32Lower.TryDecode(id, out byte[] bytes, out _, out _) || bytes.Length != idBytes)
        {
            problem = $"onion service id must be {idChars} base32 characters";
            return -1;
        }
        if (!TryParseDecimal(value[(colon + 1)..], 65535, out int port) || port == 0)
        {
            problem = "onion port must be 1..65535";
            return -1;
        }
        bytes.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[idBytes..], (ushort)port);
        return idBytes + 2;
    }

    /// <summary>Canonical decimal: digits only, no sign, no leading zeros (so the string form round-trips).</summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> text, int max, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return value <= max;
    }
}
