using System.Buffers;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Misbehave;

/// <summary>
/// Parses outgoing yamux frames (12-byte header, then the body of Data frames) and lets <see cref="Transform"/>
/// write each one, changed or not, as raw bytes.
/// </summary>
public sealed class YamuxFrameRewriter(Action<byte[], IBufferWriter<byte>> transform) : IByteRewriter
{
    private readonly ArrayBufferWriter<byte> _held = new();

    /// <summary>Writes one complete frame (header and body) to the output.</summary>
    public Action<byte[], IBufferWriter<byte>> Transform { get; } = transform;

    /// <inheritdoc/>
    public void Rewrite(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        _held.Write(input);
        ReadOnlySpan<byte> buffer = _held.WrittenSpan;
        int consumed = 0;
        while (buffer.Length - consumed >= YamuxHeader.Size)
        {
            ReadOnlySpan<byte> rest = buffer[consumed..];
            if (YamuxHeader.TryRead(rest, out YamuxHeader header) != YamuxHeaderStatus.Ok)
            {
                // Not ours to judge: pass the rest through as it is.
                output.Write(rest);
                consumed = buffer.Length;
                break;
            }
            int length = YamuxHeader.Size + (header.Type == YamuxFrameType.Data ? (int)header.Length : 0);
            if (rest.Length < length)
            {
                break;
            }
            Transform(rest[..length].ToArray(), output);
            consumed += length;
        }
        byte[] remaining = buffer[consumed..].ToArray();
        _held.ResetWrittenCount();
        _held.Write(remaining);
    }
}
