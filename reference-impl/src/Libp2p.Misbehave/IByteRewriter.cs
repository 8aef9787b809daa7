using System.Buffers;

namespace Libp2p.Misbehave;

/// <summary>
/// A stateful transform of one direction of a byte stream: it is handed every flushed chunk in order and writes
/// what should go on the wire instead (possibly holding back an incomplete frame until the next chunk).
/// </summary>
public interface IByteRewriter
{
    /// <summary>Consumes <paramref name="input"/> and writes the rewritten bytes to <paramref name="output"/>.</summary>
    void Rewrite(ReadOnlySpan<byte> input, IBufferWriter<byte> output);
}
