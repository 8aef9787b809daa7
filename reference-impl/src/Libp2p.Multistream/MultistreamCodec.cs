using System.Buffers;
using System.Text;
using Libp2p.Core.Multiformats;

namespace Libp2p.Multistream;

/// <summary>
/// Sans-IO framing of multistream-select 1.0 messages: uvarint length, UTF-8 text, <c>\n</c>; the length
/// includes the newline (multiformats/multistream-select README, "Protocol").
/// </summary>
public static class MultistreamCodec
{
    /// <summary>The protocol ID of multistream-select itself, sent first by both sides.</summary>
    public const string ProtocolId = "/multistream/1.0.0";

    /// <summary>The "not available" answer.</summary>
    public const string NotAvailable = "na";

    /// <summary>The "list protocols" request.</summary>
    public const string List = "ls";

    /// <summary>Largest message accepted by default, newline included (rust-libp2p and go-libp2p cap lines the same way).</summary>
    public const int DefaultMaxMessageLength = 1024;

    /// <summary>Largest <c>ls</c> answer accepted by a dialer.</summary>
    public const int MaxListLength = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads one message from the start of <paramref name="buffer"/>. On <see cref="MultistreamReadStatus.Ok"/>,
    /// <paramref name="message"/> is the text without its newline and <paramref name="end"/> the position after it.
    /// </summary>
    public static MultistreamReadStatus TryReadMessage(in ReadOnlySequence<byte> buffer, int maxLength, out string message, out SequencePosition end)
    {
        message = string.Empty;
        end = buffer.Start;
        MultistreamReadStatus status = TryReadFrame(buffer, maxLength, out ReadOnlySequence<byte> frame, out end);
        if (status != MultistreamReadStatus.Ok)
        {
            return status;
        }
        SequencePosition last = frame.GetPosition(frame.Length - 1);
        if (!frame.TryGet(ref last, out ReadOnlyMemory<byte> lastByte, advance: false) || lastByte.Span[0] != (byte)'\n')
        {
            end = buffer.Start;
            return MultistreamReadStatus.MissingNewline;
        }
        return TryDecodeText(frame.Slice(0, frame.Length - 1), out message) ? MultistreamReadStatus.Ok : MultistreamReadStatus.InvalidText;
    }

    /// <summary>
    /// Reads one length-prefixed frame; <paramref name="body"/> is everything the length covers.
    /// Used directly for <c>ls</c> answers, whose body nests messages.
    /// </summary>
    public static MultistreamReadStatus TryReadFrame(in ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> body, out SequencePosition end)
    {
        body = default;
        end = buffer.Start;
        VarintStatus vs = Varint.TryRead(buffer, out ulong length, out int prefix);
        if (vs == VarintStatus.NeedMoreData)
        {
            return MultistreamReadStatus.NeedMoreData;
        }
        if (vs != VarintStatus.Ok || length == 0)
        {
            return MultistreamReadStatus.InvalidLength;
        }
        if (length > (ulong)maxLength)
        {
            return MultistreamReadStatus.TooLong;
        }
        if (buffer.Length - prefix < (long)length)
        {
            return MultistreamReadStatus.NeedMoreData;
        }
        body = buffer.Slice(prefix, (long)length);
        end = body.End;
        return MultistreamReadStatus.Ok;
    }

    /// <summary>Writes <paramref name="message"/> framed (length prefix and newline) to <paramref name="writer"/>.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, string message)
    {
        int textLength = Encoding.UTF8.GetByteCount(message);
        Varint.Write(writer, (ulong)textLength + 1);
        Span<byte> span = writer.GetSpan(textLength + 1);
        int written = Encoding.UTF8.GetBytes(message, span);
        span[written] = (byte)'\n';
        writer.Advance(written + 1);
    }

    /// <summary>
    /// Writes the <c>ls</c> answer: one frame whose body is each protocol as its own framed message, then a
    /// newline (rust-libp2p's encoding; go-libp2p omits the final newline, and <see cref="TryParseList"/> accepts both).
    /// </summary>
    public static void WriteList(IBufferWriter<byte> writer, IEnumerable<string> protocols)
    {
        ArrayBufferWriter<byte> inner = new();
        foreach (string protocol in protocols)
        {
            WriteMessage(inner, protocol);
        }
        inner.GetSpan(1)[0] = (byte)'\n';
        inner.Advance(1);
        Varint.Write(writer, (ulong)inner.WrittenCount);
        writer.Write(inner.WrittenSpan);
    }

    /// <summary>Parses the body of an <c>ls</c> answer (as returned by <see cref="TryReadFrame"/>) into protocol IDs.</summary>
    public static bool TryParseList(ReadOnlySequence<byte> body, out IReadOnlyList<string> protocols)
    {
        List<string> list = [];
        protocols = list;
        while (body.Length > 0)
        {
            // rust-libp2p ends the list with an extra newline; go-libp2p does not.
            if (body.Length == 1 && body.FirstSpan[0] == (byte)'\n')
            {
                break;
            }
            if (TryReadMessage(body, DefaultMaxMessageLength, out string protocol, out SequencePosition end) != MultistreamReadStatus.Ok)
            {
                return false;
            }
            list.Add(protocol);
            body = body.Slice(end);
        }
        return true;
    }

    /// <summary>
    /// Whether <paramref name="protocolId"/> is acceptable as a protocol ID: starts with <c>/</c>, printable
    /// (no control characters, so no newline), and fits in one message of <paramref name="maxLength"/> bytes.
    /// </summary>
    public static bool IsValidProtocolId(string protocolId, int maxLength = DefaultMaxMessageLength)
    {
        if (string.IsNullOrEmpty(protocolId) || protocolId[0] != '/')
        {
            return false;
        }
        foreach (char c in protocolId)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }
        return Encoding.UTF8.GetByteCount(protocolId) + 1 <= maxLength;
    }

    private static bool TryDecodeText(in ReadOnlySequence<byte> body, out string text)
    {
        text = string.Empty;
        try
        {
            text = body.IsSingleSegment ? StrictUtf8.GetString(body.FirstSpan) : StrictUtf8.GetString(body.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }
}
