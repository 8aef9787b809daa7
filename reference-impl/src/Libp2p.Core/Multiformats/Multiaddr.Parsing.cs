using System.Runtime.InteropServices;
using Libp2p.Core.Multiformats.Internal;

namespace Libp2p.Core.Multiformats;

/// <content>String and binary decoding with size limits and typed errors.</content>
public sealed partial class Multiaddr
{
    private const ulong PeerIdProtocolCode = 421;

    [StructLayout(LayoutKind.Auto)]
    private struct Slot
    {
        public int Protocol;
        public int Offset;
        public int Length;
        public int ValueOffset;
        public int ValueLength;
    }

    /// <summary>Parses the string form <c>(/&lt;name&gt;[/&lt;value&gt;])*</c>; one trailing '/' is tolerated, "/" is the empty address.</summary>
    /// <exception cref="MultiaddrFormatException">Unknown protocol, missing or invalid value, or a limit exceeded; the message names the component.</exception>
    public static Multiaddr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseCore(text, out Multiaddr? result, out string? component, out string? problem)
            ? result
            : throw new MultiaddrFormatException(component, problem);
    }

    /// <summary>Parses the string form; false (never an exception) on invalid input.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Multiaddr? result)
    {
        result = null;
        return text is not null && TryParseCore(text, out result, out _, out _);
    }

    /// <summary>Decodes the binary form, validating every value.</summary>
    /// <exception cref="MultiaddrFormatException">Truncated, unknown protocol code, invalid value, or a limit exceeded.</exception>
    public static Multiaddr FromBytes(ReadOnlySpan<byte> bytes)
    {
        return TryFromBytesCore(bytes, out Multiaddr? result, out string? component, out string? problem)
            ? result
            : throw new MultiaddrFormatException(component, problem);
    }

    /// <summary>Decodes the binary form; false (never an exception) on invalid input.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Multiaddr? result)
        => TryFromBytesCore(bytes, out result, out _, out _);

    private static bool TryParseCore(
        string text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Multiaddr? result,
        out string? component,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        result = null;
        component = null;
        if (text.Length == 0)
        {
            problem = "empty string (the empty multiaddr is \"/\")";
            return false;
        }
        if (text.Length > MaxStringLength)
        {
            problem = $"string of {text.Length} characters exceeds {MaxStringLength}";
            return false;
        }
        if (text[0] != '/')
        {
            problem = "must start with '/'";
            return false;
        }
        Span<byte> output = stackalloc byte[MaxBytes];
        Span<byte> scratch = stackalloc byte[MaxBytes];
        int length = 0;
        int count = 0;
        int pos = 1;
        while (pos < text.Length)
        {
            int slash = text.IndexOf('/', pos);
            ReadOnlySpan<char> name = slash < 0 ? text.AsSpan(pos) : text.AsSpan(pos, slash - pos);
            pos = slash < 0 ? text.Length : slash + 1;
            if (name.IsEmpty)
            {
                problem = "empty protocol name ('//')";
                return false;
            }
            if (!MultiaddrProtocol.TryGetByName(name, out MultiaddrProtocol? protocol))
            {
                component = name.ToString();
                problem = "unknown protocol";
                return false;
            }
            component = protocol.Name;
            if (++count > MaxComponents)
            {
                problem = $"more than {MaxComponents} components";
                return false;
            }
            int valueLength = 0;
            if (protocol.HasValue)
            {
                int end = pos >= text.Length ? -1 : text.IndexOf('/', pos);
                ReadOnlySpan<char> value = pos >= text.Length ? default : end < 0 ? text.AsSpan(pos) : text.AsSpan(pos, end - pos);
                pos = end < 0 ? text.Length : end + 1;
                if (value.IsEmpty)
                {
                    problem = "missing value";
                    return false;
                }
                valueLength = MultiaddrValueCodec.Encode(protocol, value, scratch, out problem);
                if (valueLength < 0)
                {
                    problem ??= "invalid value";
                    return false;
                }
            }
            int needed = protocol.EncodedCode.Length + valueLength + (protocol.IsVariableSize ? Varint.GetLength((ulong)valueLength) : 0);
            if (length + needed > MaxBytes)
            {
                problem = $"binary form exceeds {MaxBytes} bytes";
                return false;
            }
            protocol.EncodedCode.CopyTo(output[length..]);
            length += protocol.EncodedCode.Length;
            if (protocol.IsVariableSize)
            {
                length += Varint.Write(output[length..], (ulong)valueLength);
            }
            scratch[..valueLength].CopyTo(output[length..]);
            length += valueLength;
        }
        result = FromTrustedBytes(output[..length].ToArray());
        problem = null;
        return true;
    }

    private static bool TryFromBytesCore(
        ReadOnlySpan<byte> bytes,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Multiaddr? result,
        out string? component,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        result = null;
        if (bytes.Length > MaxBytes)
        {
            component = null;
            problem = $"{bytes.Length} bytes exceeds {MaxBytes}";
            return false;
        }
        Span<Slot> slots = stackalloc Slot[MaxComponents];
        if (!Scan(bytes, slots, validate: true, out int count, out component, out problem))
        {
            return false;
        }
        if (count == 0)
        {
            result = Empty;
            return true;
        }
        result = Build(bytes.ToArray(), slots[..count], null);
        return true;
    }

    /// <summary>Builds from bytes this class produced or already validated.</summary>
    private static Multiaddr FromTrustedBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Empty;
        }
        Span<Slot> slots = stackalloc Slot[MaxComponents];
        if (!Scan(bytes, slots, validate: false, out int count, out string? component, out string? problem))
        {
            throw new MultiaddrFormatException(component, problem);
        }
        return Build(bytes, slots[..count], null);
    }

    private static Multiaddr Build(byte[] bytes, ReadOnlySpan<Slot> slots, string? text)
    {
        var components = new MultiaddrComponent[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            Slot s = slots[i];
            components[i] = new MultiaddrComponent(
                MultiaddrProtocol.FromIndex(s.Protocol),
                new ReadOnlyMemory<byte>(bytes, s.Offset, s.Length),
                new ReadOnlyMemory<byte>(bytes, s.ValueOffset, s.ValueLength));
        }
        return new Multiaddr(bytes, components, text);
    }

    private static bool Scan(
        ReadOnlySpan<byte> bytes,
        Span<Slot> slots,
        bool validate,
        out int count,
        out string? component,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        count = 0;
        component = null;
        problem = null;
        int pos = 0;
        while (pos < bytes.Length)
        {
            VarintStatus status = Varint.TryRead(bytes[pos..], out ulong code, out int codeLength);
            if (status != VarintStatus.Ok)
            {
                problem = $"protocol code at offset {pos}: {DescribeVarint(status)}";
                return false;
            }
            if (!MultiaddrProtocol.TryGetByCode(code, out MultiaddrProtocol? protocol))
            {
                component = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                problem = "unknown protocol code";
                return false;
            }
            component = protocol.Name;
            if (count == slots.Length)
            {
                problem = $"more than {MaxComponents} components";
                return false;
            }
            int valueOffset = pos + codeLength;
            int valueLength;
            if (protocol.Size == 0)
            {
                valueLength = 0;
            }
            else if (protocol.Size > 0)
            {
                valueLength = protocol.Size / 8;
            }
            else
            {
                status = Varint.TryRead(bytes[valueOffset..], out ulong declared, out int prefixLength);
                if (status != VarintStatus.Ok)
                {
                    problem = $"value length: {DescribeVarint(status)}";
                    return false;
                }
                if (declared == 0)
                {
                    problem = "empty value";
                    return false;
                }
                // Compare before narrowing so a huge declared length can neither overflow nor allocate.
                if (declared > (ulong)(bytes.Length - valueOffset - prefixLength))
                {
                    problem = $"value length {declared} exceeds the {bytes.Length - valueOffset - prefixLength} remaining bytes";
                    return false;
                }
                valueOffset += prefixLength;
                valueLength = (int)declared;
            }
            if (valueLength > bytes.Length - valueOffset)
            {
                problem = $"truncated: needs {valueLength} value bytes, {bytes.Length - valueOffset} remain";
                return false;
            }
            if (validate && protocol.HasValue)
            {
                problem = MultiaddrValueCodec.Validate(protocol, bytes.Slice(valueOffset, valueLength));
                if (problem is not null)
                {
                    return false;
                }
            }
            int end = valueOffset + valueLength;
            slots[count++] = new Slot { Protocol = protocol.Index, Offset = pos, Length = end - pos, ValueOffset = valueOffset, ValueLength = valueLength };
            pos = end;
        }
        component = null;
        return true;
    }

    private static string DescribeVarint(VarintStatus status) => status switch
    {
        VarintStatus.NeedMoreData => "truncated varint",
        VarintStatus.Overflow => "varint longer than 9 bytes",
        _ => "varint not minimally encoded",
    };
}
