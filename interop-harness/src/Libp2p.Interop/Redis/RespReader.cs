using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Libp2p.Interop.Redis;

/// <summary>
/// Sans-IO RESP2 reply decoder: <see cref="TryRead"/> consumes one complete reply from the buffered bytes or
/// reports that more are needed. Every length is checked against <see cref="RespClientOptions"/> before use.
/// </summary>
internal sealed class RespReader(RespClientOptions options)
{
    private const int MaxDepth = 4;

    /// <summary>Tries to decode one reply; returns false (consuming nothing) when <paramref name="buffer"/> holds only part of it.</summary>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out RespReply reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, 0, out reply))
        {
            return false;
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private bool TryReadValue(ref SequenceReader<byte> reader, int depth, out RespReply reply)
    {
        reply = RespReply.Null;
        if (!reader.TryRead(out byte type))
        {
            return false;
        }
        if (!TryReadLine(ref reader, out ReadOnlySequence<byte> line))
        {
            return false;
        }
        switch (type)
        {
            case (byte)'+':
                reply = new RespReply(RespReplyKind.SimpleString, Encoding.UTF8.GetString(line));
                return true;
            case (byte)'-':
                reply = new RespReply(RespReplyKind.Error, Encoding.UTF8.GetString(line));
                return true;
            case (byte)':':
                reply = new RespReply(RespReplyKind.Integer, Integer: ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out reply);
            case (byte)'*':
                return TryReadArray(ref reader, ParseInteger(line), depth, out reply);
            default:
                throw new RespException($"malformed reply: unknown type byte 0x{type:x2}");
        }
    }

    private bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RespReply reply)
    {
        reply = RespReply.Null;
        if (length == -1)
        {
            return true;
        }
        if (length < 0 || length > options.MaxBulkLength)
        {
            throw new RespException($"bulk string of {length} bytes exceeds the limit of {options.MaxBulkLength}");
        }
        if (reader.Remaining < length + 2)
        {
            return false;
        }
        ReadOnlySequence<byte> payload = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RespException("malformed reply: bulk string not terminated by CRLF");
        }
        reply = new RespReply(RespReplyKind.BulkString, Encoding.UTF8.GetString(payload));
        return true;
    }

    private bool TryReadArray(ref SequenceReader<byte> reader, long count, int depth, out RespReply reply)
    {
        reply = RespReply.Null;
        if (count == -1)
        {
            return true;
        }
        if (count < 0 || count > options.MaxArrayLength)
        {
            throw new RespException($"array of {count} elements exceeds the limit of {options.MaxArrayLength}");
        }
        if (depth >= MaxDepth)
        {
            throw new RespException($"arrays nested deeper than {MaxDepth}");
        }
        var items = new RespReply[count];
        for (int i = 0; i < count; i++)
        {
            if (!TryReadValue(ref reader, depth + 1, out items[i]))
            {
                return false;
            }
        }
        reply = new RespReply(RespReplyKind.Array, Items: items);
        return true;
    }

    private bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true))
        {
            if (reader.Remaining > options.MaxLineLength + 2)
            {
                throw new RespException($"reply line longer than {options.MaxLineLength} bytes");
            }
            return false;
        }
        if (line.Length > options.MaxLineLength)
        {
            throw new RespException($"reply line longer than {options.MaxLineLength} bytes");
        }
        return true;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        Span<byte> digits = stackalloc byte[24];
        if (line.Length is 0 or > 20)
        {
            throw new RespException("malformed reply: bad integer");
        }
        line.CopyTo(digits);
        if (!Utf8Parser.TryParse(digits[..(int)line.Length], out long value, out int consumed) || consumed != line.Length)
        {
            throw new RespException("malformed reply: bad integer");
        }
        return value;
    }
}
