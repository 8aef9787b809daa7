using System.Buffers;
using Google.Protobuf;
using Libp2p.Core.Multiformats;
using IdentifyMessage = Libp2p.Core.Protos.Identify;

namespace Libp2p.Protocols.Identify;

/// <summary>
/// Sans-IO codec of the Identify message (libp2p/specs identify/README.md, "The Identify Message"): each message is
/// an unsigned-varint length prefix followed by the protobuf body. A length above the limit is rejected before
/// any of the body is buffered.
/// </summary>
public static class IdentifyCodec
{
    /// <summary>Per-message limit, as go-libp2p (<c>signedIDSize</c> 8 KiB) and js-libp2p (<c>maxMessageSize</c> 8 KiB) deploy it.</summary>
    public const int DefaultMaxMessageSize = 8 * 1024;

    /// <summary>Writes <paramref name="message"/> with its varint length prefix.</summary>
    public static void Write(IdentifyMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        int size = message.CalculateSize();
        Varint.Write(writer, (ulong)size);
        Span<byte> body = writer.GetSpan(size)[..size];
        message.WriteTo(body);
        writer.Advance(size);
    }

    /// <summary>Encodes <paramref name="message"/> with its length prefix into a new array.</summary>
    public static byte[] Encode(IdentifyMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes one length-prefixed message from the start of <paramref name="buffer"/>. On
    /// <see cref="IdentifyReadStatus.Message"/>, <paramref name="consumed"/> is the message's end.
    /// </summary>
    /// <exception cref="IdentifyException">Oversize length, bad prefix or malformed body.</exception>
    public static IdentifyReadStatus TryRead(in ReadOnlySequence<byte> buffer, int maxMessageSize, out IdentifyMessage? message, out SequencePosition consumed)
    {
        message = null;
        consumed = buffer.Start;
        VarintStatus status = Varint.TryRead(buffer, out ulong length, out int prefix);
        switch (status)
        {
            case VarintStatus.NeedMoreData:
                return IdentifyReadStatus.NeedMoreData;
            case VarintStatus.Ok:
                break;
            default:
                throw new IdentifyException(IdentifyError.InvalidLengthPrefix, $"invalid length prefix ({status})");
        }
        if (length > (ulong)maxMessageSize)
        {
            throw new IdentifyException(IdentifyError.Oversize, $"message of {length} bytes exceeds the limit of {maxMessageSize}");
        }
        if (buffer.Length - prefix < (long)length)
        {
            return IdentifyReadStatus.NeedMoreData;
        }
        ReadOnlySequence<byte> body = buffer.Slice(prefix, (long)length);
        try
        {
            message = IdentifyMessage.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new IdentifyException(IdentifyError.Malformed, "the body is not a valid Identify protobuf", e);
        }
        consumed = body.End;
        return IdentifyReadStatus.Message;
    }
}
