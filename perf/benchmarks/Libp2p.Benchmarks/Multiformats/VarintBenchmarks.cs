using BenchmarkDotNet.Attributes;
using Libp2p.Core.Multiformats;

namespace Libp2p.Benchmarks.Multiformats;

/// <summary>Unsigned varint encode/decode over a mix of lengths (1 to 9 bytes); both must allocate nothing.</summary>
[MemoryDiagnoser]
public class VarintBenchmarks
{
    private readonly ulong[] _values = [1, 127, 300, 16_384, 1UL << 28, 1UL << 42, Varint.MaxValue];
    private readonly byte[] _encoded = new byte[7 * Varint.MaxLength];
    private readonly byte[] _scratch = new byte[Varint.MaxLength];

    /// <summary>Prepares the encoded input for <see cref="Decode"/>.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int offset = 0;
        foreach (ulong value in _values)
        {
            offset += Varint.Write(_encoded.AsSpan(offset), value);
        }
    }

    /// <summary>Encodes the seven values.</summary>
    [Benchmark]
    public int Encode()
    {
        int total = 0;
        foreach (ulong value in _values)
        {
            total += Varint.Write(_scratch, value);
        }
        return total;
    }

    /// <summary>Decodes the seven values.</summary>
    [Benchmark]
    public ulong Decode()
    {
        ReadOnlySpan<byte> span = _encoded;
        ulong sum = 0;
        while (Varint.TryRead(span, out ulong value, out int consumed) == VarintStatus.Ok)
        {
            sum += value;
            span = span[consumed..];
        }
        return sum;
    }
}
