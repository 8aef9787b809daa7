using BenchmarkDotNet.Attributes;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Benchmarks.Muxers;

/// <summary>The 12-byte yamux header codec; both directions must not allocate.</summary>
[MemoryDiagnoser]
public class YamuxHeaderBenchmarks
{
    private readonly byte[] _buffer = new byte[YamuxHeader.Size];
    private readonly YamuxHeader _header = new(YamuxFrameType.Data, YamuxFlags.Fin, 12345, 16384);

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
}
