namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Disjoint half-open ranges <c>[Start, End)</c> kept sorted ascending and merged. Used for received packet
/// numbers (ACK generation, RFC 9000 §13.2) and for received/acknowledged stream byte ranges.
/// When more than <see cref="MaxRanges"/> ranges accumulate, the oldest (lowest) are dropped.
/// </summary>
internal sealed class RangeSet
{
    public const int MaxRanges = 256;

    private readonly List<(long Start, long End)> _ranges = [];

    public int Count => _ranges.Count;

    public (long Start, long End) this[int index] => _ranges[index];

    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>The end of the range starting at <paramref name="start"/>, when one does; else <paramref name="start"/>.</summary>
    public long ContiguousEnd(long start)
    {
        foreach ((long s, long e) in _ranges)
        {
            if (s <= start && start < e)
            {
                return e;
            }
        }
        return start;
    }

    public bool Contains(long value)
    {
        for (int i = _ranges.Count - 1; i >= 0; i--)
        {
            (long s, long e) = _ranges[i];
            if (value >= e)
            {
                return false;
            }
            if (value >= s)
            {
                return true;
            }
        }
        return false;
    }

    public void Add(long start, long end)
    {
        if (end <= start)
        {
            return;
        }
        int i = _ranges.Count;
        while (i > 0 && _ranges[i - 1].Start > start)
        {
            i--;
        }
        // Merge with the predecessor when touching.
        if (i > 0 && _ranges[i - 1].End >= start)
        {
            i--;
            start = _ranges[i].Start;
            end = Math.Max(end, _ranges[i].End);
            _ranges.RemoveAt(i);
        }
        while (i < _ranges.Count && _ranges[i].Start <= end)
        {
            end = Math.Max(end, _ranges[i].End);
            _ranges.RemoveAt(i);
        }
        _ranges.Insert(i, (start, end));
        if (_ranges.Count > MaxRanges)
        {
            _ranges.RemoveAt(0);
        }
    }

    /// <summary>Removes everything below <paramref name="value"/>.</summary>
    public void RemoveBelow(long value)
    {
        while (_ranges.Count > 0 && _ranges[0].End <= value)
        {
            _ranges.RemoveAt(0);
        }
        if (_ranges.Count > 0 && _ranges[0].Start < value)
        {
            _ranges[0] = (value, _ranges[0].End);
        }
    }

    public long Max => _ranges.Count == 0 ? -1 : _ranges[^1].End - 1;
}
