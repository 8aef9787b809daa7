using System.Buffers;
using Libp2p.Muxers.Mplex;

namespace Libp2p.Misbehave;

/// <summary>Parses outgoing mplex messages and lets <see cref="Transform"/> write each one, changed or not.</summary>
public sealed class MplexFrameRewriter(Action<MplexFrameHeader, byte[], IBufferWriter<byte>> transform) : IByteRewriter
{
    private readonly ArrayBufferWriter<byte> _held = new();

    /// <summary>Writes one message given its parsed header and body.</summary>
    public Action<MplexFrameHeader, byte[], IBufferWriter<byte>> Transform { get; } = transform;

    /// <inheritdoc/>
    public void Rewrite(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _held.Write(input);
        var sequence = new ReadOnlySequence<byte>(_held.WrittenMemory);
        long consumed = 0;
        while (true)
        {
            ReadOnlySequence<byte> rest = sequence.Slice(consumed);
            MplexReadStatus status = MplexFrameHeader.TryRead(rest, MplexFrameHeader.MaxMessageSize, out MplexFrameHeader header, out int headerLength);
            if (status != MplexReadStatus.Ok)
            {
                if (status != MplexReadStatus.NeedMoreData)
                {
                    output.Write(rest.ToArray());
                    consumed = sequence.Length;
                }
                break;
            }
            if (rest.Length < headerLength + header.Length)
            {
                break;
            }
            Transform(header, rest.Slice(headerLength, header.Length).ToArray(), output);
            consumed += headerLength + header.Length;
        }
        byte[] remaining = sequence.Slice(consumed).ToArray();
        _held.ResetWrittenCount();
        _held.Write(remaining);
    }

    /// <summary>Writes a message with <paramref name="header"/> and <paramref name="body"/>.</summary>
    public static void Write(MplexFrameHeader header, ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        header.Write(output);
        output.Write(body);
    }
}
