using System.Buffers;

namespace Libp2p.Misbehave;

/// <summary>
/// Replaces each occurrence of a byte pattern that starts within the first <see cref="Window"/> bytes of a
/// connection (the plaintext multistream-select exchange), then passes everything through untouched.
/// </summary>
public sealed class EarlyBytesRewriter(byte[] pattern, byte[] replacement) : IByteRewriter
{
    /// <summary>How many leading bytes are searched.</summary>
    public const int Window = 64;

    private long _offset;

    /// <inheritdoc/>
    public void Rewrite(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (pattern.Length != replacement.Length)
        {
            throw new InvalidOperationException("the replacement must have the pattern's length");
        }
        if (_offset >= Window)
        {
            output.Write(input);
            return;
        }
        byte[] copy = input.ToArray();
        int index = 0;
        while (index < copy.Length && _offset + index < Window)
        {
            int found = copy.AsSpan(index).IndexOf(pattern);
            if (found < 0 || _offset + index + found >= Window)
            {
                break;
            }
            replacement.CopyTo(copy, index + found);
            index += found + pattern.Length;
        }
        _offset += copy.Length;
        output.Write(copy);
    }
}
