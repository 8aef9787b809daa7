using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Benchmarks.Muxers;

/// <summary>The 12-byte yamux header codec and a whole data frame through a pipe; none of them may allocate.</summary>
[MemoryDiagnoser]
public class YamuxHeaderBenchmarks
{
    private const int PayloadBytes = 16 * 1024;
    private readonly byte[] _buffer = new byte[YamuxHeader.Size];
    private readonly byte[] _payload = new byte[PayloadBytes];
    private readonly YamuxHeader _header = new(YamuxFrameType.Data, YamuxFlags.Fin, 12345, 16384);
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));

    /// <summary>Prepares an encoded header.</summary>
    [GlobalSetup]
    public void Setup() => _header.Write(_buffer);

    /// <summary>Encodes a header.</summary>
    [Benchmark]
    public byte Encode()
    {
        _header.Write(_buffer);
        return _buffer[11];
    }

    /// <summary>Decodes and validates a header.</summary>
    [Benchmark]
    public uint Decode()
    {
        YamuxHeader.TryRead(_buffer, out YamuxHeader header);
        return header.Length;
    }

    /// <summary>
    /// One 16 KiB data frame (header + payload) written into a pipe and parsed back as the session reader does: header
    /// from the buffer sequence, payload sliced, consumed. Synchronous, so only the codec and pipe are measured.
    /// </summary>
    [Benchmark]
    public long DataFrameRoundTrip()
    {
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, 1, PayloadBytes).Write(_pipe.Writer);
        _pipe.Writer.Write(_payload);
        _pipe.Writer.FlushAsync().GetAwaiter().GetResult();
        if (!_pipe.Reader.TryRead(out ReadResult result))
        {
            throw new InvalidOperationException("frame not readable");
        }
        ReadOnlySequence<byte> buffer = result.Buffer;
        if (YamuxHeader.TryRead(buffer, out YamuxHeader header) != YamuxHeaderStatus.Ok || buffer.Length < YamuxHeader.Size + header.Length)
        {
            throw new InvalidOperationException("frame not parsed");
        }
        ReadOnlySequence<byte> payload = buffer.Slice(YamuxHeader.Size, header.Length);
        _pipe.Reader.AdvanceTo(payload.End);
        return payload.Length;
    }
}
