using System.Buffers;
using CsCheck;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>Unsigned varint (multiformats/unsigned-varint): round trips, malformed input, segmented input, no allocation.</summary>
public sealed class VarintTests
{
    [Test]
    public void AnyValue_RoundTrips()
    {
        Gen.ULong[0, Varint.MaxValue].Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength];
            int written = Varint.Write(buffer, value);
            return written == Varint.GetLength(value)
                && Varint.TryRead(buffer[..written], out ulong decoded, out int consumed) == VarintStatus.Ok
                && decoded == value && consumed == written;
        });
    }

    [Test]
    public void ArbitraryBytes_NeverThrow_AndOkMeansMinimal()
    {
        Gen.Byte.Array[0, 12].Sample(bytes =>
        {
            VarintStatus status = Varint.TryRead(bytes, out ulong value, out int consumed);
            if (status != VarintStatus.Ok)
            {
                return consumed == 0;
            }
            Span<byte> again = stackalloc byte[Varint.MaxLength];
            int written = Varint.Write(again, value);
            return written == consumed && again[..written].SequenceEqual(bytes.AsSpan(0, consumed));
        });
    }

    [Test]
    public void EveryProperPrefix_NeedsMoreData()
    {
        Gen.ULong[128, Varint.MaxValue].Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[Varint.MaxLength];
            int written = Varint.Write(buffer, value);
            for (int i = 0; i < written; i++)
            {
                if (Varint.TryRead(buffer[..i], out _, out _) != VarintStatus.NeedMoreData)
                {
                    return false;
                }
            }
            return true;
        });
    }

    [Test]
    public void SegmentedSequence_DecodesLikeContiguous()
    {
        Gen.ULong[0, Varint.MaxValue].Select(Gen.Int[1, 9]).Sample((value, split) =>
        {
            byte[] bytes = new byte[Varint.GetLength(value) + 1];
            Varint.Write(bytes, value);
            int cut = Math.Min(split, bytes.Length - 1);
            var first = new Segment(bytes.AsMemory(0, cut));
            Segment last = first.Append(bytes.AsMemory(cut));
            var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
            return Varint.TryRead(sequence, out ulong decoded, out int consumed) == VarintStatus.Ok && decoded == value && consumed == bytes.Length - 1;
        });
    }

    [Test]
    public void Write_RejectsValuesAbove63Bits_AndSmallDestinations()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Varint.Write(new byte[10], Varint.MaxValue + 1));
        Assert.Throws<ArgumentException>(() => Varint.Write(new byte[1], 128));
    }

    [Test]
    public void Read_ThrowsFormatExceptionForEachFailure()
    {
        Assert.Throws<FormatException>(() => Varint.Read([0x80], out _));
        Assert.Throws<FormatException>(() => Varint.Read([0x81, 0x00], out _));
        Assert.Throws<FormatException>(() => Varint.Read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], out _));
    }

    [Test]
    public void TryRead_DoesNotAllocate()
    {
        byte[] bytes = [0xff, 0xff, 0xff, 0x7f];
        Varint.TryRead(bytes, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Varint.TryRead(bytes, out _, out _);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
