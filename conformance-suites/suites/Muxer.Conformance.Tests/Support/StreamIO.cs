using System.Buffers;
using System.IO.Pipelines;

namespace Muxer.Conformance.Tests.Support;

/// <summary>Read and write helpers over pipes for the suites.</summary>
public static class StreamIO
{
    /// <summary>Deterministic pseudo-random payload.</summary>
    public static byte[] Payload(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Writes <paramref name="data"/> in <paramref name="chunk"/>-byte flushes, optionally completing the writer.</summary>
    public static async Task WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> data, CancellationToken cancellationToken, int chunk = 64 * 1024, bool complete = false)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(chunk, data.Length);
            await writer.WriteAsync(data[..n], cancellationToken);
            data = data[n..];
        }
        if (complete)
        {
            await writer.CompleteAsync();
        }
    }

    /// <summary>Reads until the remote half-closes; fails beyond <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken, long limit = 64L * 1024 * 1024)
    {
        ArrayBufferWriter<byte> received = new();
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (received.WrittenCount > limit)
            {
                throw new InvalidOperationException("more data than expected");
            }
            if (result.IsCompleted)
            {
                return received.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, yielding between small reads when <paramref name="slow"/>.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, CancellationToken cancellationToken, bool slow = false)
    {
        byte[] received = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            long take = Math.Min(buffer.Length, count - filled);
            if (slow)
            {
                take = Math.Min(take, 4096);
            }
            buffer.Slice(0, take).CopyTo(received.AsSpan(filled));
            filled += (int)take;
            reader.AdvanceTo(buffer.GetPosition(take));
            if (filled < count && result.IsCompleted && take == buffer.Length)
            {
                throw new EndOfStreamException($"stream ended after {filled} of {count} bytes");
            }
            if (slow)
            {
                await Task.Yield();
            }
        }
        return received;
    }
}
