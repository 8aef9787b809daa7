using System.Buffers;

namespace Libp2p.Muxers.Tests;

/// <summary>Builds multi-segment sequences so decoders are exercised across segment boundaries.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, int at)
    {
        at = Math.Clamp(at, 0, data.Length);
        Segment first = new(data.AsMemory(0, at));
        Segment last = first.Append(data.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            Segment next = new(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
