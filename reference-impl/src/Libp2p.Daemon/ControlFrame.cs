using System.Buffers;
using Google.Protobuf;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>
/// Sans-IO framing of the daemon control protocol: every <c>Request</c>, <c>Response</c> and <c>StreamInfo</c> is an
/// unsigned-varint length prefix followed by that many protobuf bytes (go-libp2p-daemon specs/CONTROL.md,
/// "Control Protocol"; multiformats/unsigned-varint).
/// </summary>
public static class ControlFrame
{
    /// <summary>Default limit for one control message; @libp2p/daemon-server allows 4 MiB, requests are far smaller.</summary>
    public const int DefaultMaxLength = 1 << 20;

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. On <see cref="ControlFrameStatus.Complete"/>,
    /// <paramref name="payload"/> is the message and <paramref name="consumed"/> the position after it. Never allocates
    /// and never looks past the prefix when the announced length exceeds <paramref name="maxLength"/>.
    /// </summary>
    public static ControlFrameStatus TryRead(in ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload, out SequencePosition consumed)
    {
        payload = default;
        consumed = buffer.Start;
        VarintStatus status = Varint.TryRead(buffer, out ulong length, out int prefix);
        switch (status)
        {
            case VarintStatus.NeedMoreData:
                return ControlFrameStatus.Incomplete;
            case VarintStatus.Overflow:
            case VarintStatus.NotMinimal:
                return ControlFrameStatus.BadLength;
        }
        if (length > (ulong)maxLength)
        {
            return ControlFrameStatus.TooLarge;
        }
        if (buffer.Length - prefix < (long)length)
        {
            return ControlFrameStatus.Incomplete;
        }
        payload = buffer.Slice(prefix, (long)length);
        consumed = payload.End;
        return ControlFrameStatus.Complete;
    }

    /// <summary>Writes <paramref name="message"/> with its length prefix.</summary>
    public static void Write(IBufferWriter<byte> output, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        Varint.Write(output, (ulong)size);
        Span<byte> span = output.GetSpan(size)[..size];
        message.WriteTo(span);
        output.Advance(size);
    }

    /// <summary>The message with its length prefix, as one array (for socket writes outside a pipe).</summary>
    public static byte[] ToArray(IMessage message)
    {
        var writer = new ArrayBufferWriter<byte>(message.CalculateSize() + Varint.MaxLength);
        Write(writer, message);
        return writer.WrittenSpan.ToArray();
    }
}
