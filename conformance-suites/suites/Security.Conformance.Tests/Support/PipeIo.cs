using System.Buffers;
using System.IO.Pipelines;

namespace Security.Conformance.Tests.Support;

/// <summary>Small read/write helpers with timeouts for tests.</summary>
internal static class PipeIo
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task WriteAllAsync(PipeWriter writer, ReadOnlyMemory<byte> data, int chunk, CancellationToken cancellationToken)
    {
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            int length = Math.Min(chunk, data.Length - offset);
            await writer.WriteAsync(data.Slice(offset, length), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads until the input completes; throws on a faulted input.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length >= count)
            {
                byte[] data = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return data;
            }
            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"input ended after {result.Buffer.Length} of {count} bytes");
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
