namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Outgoing bytes of one stream or CRYPTO stream, kept until acknowledged (RFC 9000 §13.3): new data is sent from
/// <see cref="NextOffset"/>, lost ranges are queued for retransmission, and the acknowledged prefix is released.
/// </summary>
internal sealed class SendBuffer
{
    private readonly RangeSet _acked = new();
    private readonly RangeSet _lost = new();
    private byte[] _data = new byte[4096];
    private long _base;
    private int _start;
    private int _length;

    /// <summary>Offset of the first byte not yet acknowledged-in-order (start of the retained data).</summary>
    public long AckedPrefix => _base;

    /// <summary>Offset after the last byte written by the application.</summary>
    public long WrittenEnd => _base + _length;

    /// <summary>Offset of the next never-sent byte.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Bytes retained (written but not yet acknowledged in order).</summary>
    public int Retained => _length;

    public bool FinWritten { get; set; }

    public bool FinSent { get; set; }

    public bool FinAcked { get; set; }

    public bool HasLost => !_lost.IsEmpty;

    public bool HasUnsent => NextOffset < WrittenEnd || (FinWritten && !FinSent);

    public bool AllAcked => _length == 0 && NextOffset == WrittenEnd && (!FinWritten || FinAcked);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_start + _length + bytes.Length > _data.Length)
        {
            // Compact to the front when that makes room for at least as much again; otherwise grow.
            if (_length + bytes.Length <= _data.Length / 2)
            {
                _data.AsSpan(_start, _length).CopyTo(_data);
            }
            else
            {
                int size = _data.Length;
                while (size < 2 * (_length + bytes.Length))
                {
                    size *= 2;
                }
                var grown = new byte[size];
                _data.AsSpan(_start, _length).CopyTo(grown);
                _data = grown;
            }
            _start = 0;
        }
        bytes.CopyTo(_data.AsSpan(_start + _length));
        _length += bytes.Length;
    }

    /// <summary>The next range to send: lost data first, then new data, at most <paramref name="max"/> bytes.</summary>
    public bool TryPeek(int max, long newDataLimit, out long offset, out ReadOnlySpan<byte> data, out bool retransmission)
    {
        while (!_lost.IsEmpty)
        {
            (long s, long e) = _lost[0];
            if (e <= _base)
            {
                _lost.RemoveBelow(e);
                continue;
            }
            s = Math.Max(s, _base);
            int n = (int)Math.Min(max, e - s);
            offset = s;
            data = _data.AsSpan(_start + (int)(s - _base), n);
            retransmission = true;
            return true;
        }
        long end = Math.Min(WrittenEnd, newDataLimit);
        if (NextOffset < end)
        {
            int n = (int)Math.Min(max, end - NextOffset);
            offset = NextOffset;
            data = _data.AsSpan(_start + (int)(NextOffset - _base), n);
            retransmission = false;
            return true;
        }
        offset = NextOffset;
        data = default;
        retransmission = false;
        return false;
    }

    /// <summary>Records that <c>[offset, offset+length)</c> went out in a packet.</summary>
    public void MarkSent(long offset, int length, bool retransmission)
    {
        if (retransmission)
        {
            _lost.RemoveBelow(offset + length);
        }
        else
        {
            NextOffset = Math.Max(NextOffset, offset + length);
        }
    }

    public void OnLost(long offset, int length)
    {
        long cursor = Math.Max(offset, _base);
        long end = offset + length;
        // Only what has not been acknowledged since needs resending.
        for (int i = 0; i < _acked.Count && cursor < end; i++)
        {
            (long s, long e) = _acked[i];
            if (e <= cursor)
            {
                continue;
            }
            if (s >= end)
            {
                break;
            }
            if (s > cursor)
            {
                _lost.Add(cursor, s);
            }
            cursor = Math.Max(cursor, e);
        }
        if (cursor < end)
        {
            _lost.Add(cursor, end);
        }
    }

    public void OnAcked(long offset, int length)
    {
        _acked.Add(offset, offset + length);
        long end = _acked.ContiguousEnd(_base);
        if (end > _base)
        {
            int released = (int)(end - _base);
            _start += released;
            _length -= released;
            if (_length == 0)
            {
                _start = 0;
            }
            _base = end;
            _acked.RemoveBelow(_base);
        }
    }
}
