using System.Buffers;
using System.IO.Pipelines;

namespace Transport.Conformance.Tests;

/// <summary>Reading and writing helpers over pipes, used by the suites.</summary>
public static class PipeIo
{
    /// <summary>Writes <paramref name="data"/> in chunks of at most <paramref name="chunk"/> bytes, flushing each.</summary>
    public static async Task WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> data, CancellationToken ct, int chunk = 16 * 1024)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            var result = await writer.WriteAsync(data.Slice(offset, Math.Min(chunk, data.Length - offset)), ct).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                throw new IOException("the reader stopped reading");
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes; end of stream before that is an <see cref="EndOfStreamException"/>.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, CancellationToken ct)
    {
        var result = new byte[count];
        var got = 0;
        while (got < count)
        {
            var read = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = read.Buffer;
            var take = (int)Math.Min(buffer.Length, count - got);
            buffer.Slice(0, take).CopyTo(result.AsSpan(got));
            got += take;
            reader.AdvanceTo(buffer.GetPosition(take), buffer.End);
            if (take == 0 && read.IsCompleted)
            {
                throw new EndOfStreamException($"end of stream after {got} of {count} bytes");
            }
        }
        return result;
    }

    /// <summary>Reads until end of stream (at most <paramref name="limit"/> bytes) and returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader, CancellationToken ct, int limit = 16 * 1024 * 1024)
    {
        var output = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await reader.ReadAsync(ct).ConfigureAwait(false);
            foreach (var segment in read.Buffer)
            {
                output.Write(segment.Span);
            }
            reader.AdvanceTo(read.Buffer.End);
            if (output.WrittenCount > limit)
            {
                throw new InvalidDataException($"more than {limit} bytes before end of stream");
            }
            if (read.IsCompleted)
            {
                return output.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>Deterministic pseudo-random bytes.</summary>
    public static byte[] RandomBytes(int count, int seed)
    {
        var data = new byte[count];
        new Random(seed).NextBytes(data);
        return data;
    }
}
