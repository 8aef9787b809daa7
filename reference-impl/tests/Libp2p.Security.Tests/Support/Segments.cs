using System.Buffers;

namespace Libp2p.Security.Tests.Support;

/// <summary>Builds multi-segment sequences so codecs are exercised across segment boundaries.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, IReadOnlyList<int> cutPoints)
    {
        var cuts = cutPoints.Where(c => c > 0 && c < data.Length).Distinct().Order().ToList();
        if (cuts.Count == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }
        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int end in cuts.Append(data.Length))
        {
            var memory = new ReadOnlyMemory<byte>(data, start, end - start);
            if (first is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last!.Append(memory);
            }
            start = end;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
