namespace Libp2p.Transports.Quic.Internal;

/// <summary>Receives one in-order piece of reassembled data; the span is only valid during the call.</summary>
internal delegate void DeliverAction(ReadOnlySpan<byte> data);

/// <summary>
/// Reassembles out-of-order stream or CRYPTO data (RFC 9000 §2.2): chunks are held until the bytes before them
/// arrive, then released in order. The caller bounds the accepted offsets (flow control), which bounds memory.
/// </summary>
internal sealed class ReceiveBuffer
{
    private readonly SortedDictionary<long, byte[]> _pending = [];
    private int _pendingBytes;

    /// <summary>Offset of the next byte to deliver.</summary>
    public long Delivered { get; private set; }

    /// <summary>Highest offset seen (end of the furthest received byte).</summary>
    public long HighestEnd { get; private set; }

    public int PendingBytes => _pendingBytes;

    /// <summary>Adds received data; <paramref name="deliver"/> receives every newly contiguous piece in order.</summary>
    public void Add(long offset, ReadOnlySpan<byte> data, DeliverAction deliver)
    {
        HighestEnd = Math.Max(HighestEnd, offset + data.Length);
        long end = offset + data.Length;
        if (end <= Delivered)
        {
            return;
        }
        if (offset <= Delivered)
        {
            ReadOnlySpan<byte> fresh = data[(int)(Delivered - offset)..];
            Delivered += fresh.Length;
            deliver(fresh);
            Drain(deliver);
            return;
        }
        if (!_pending.TryGetValue(offset, out byte[]? existing) || existing.Length < data.Length)
        {
            if (existing is not null)
            {
                _pendingBytes -= existing.Length;
            }
            _pending[offset] = data.ToArray();
            _pendingBytes += data.Length;
        }
    }

    private void Drain(DeliverAction deliver)
    {
        while (_pending.Count > 0)
        {
            (long offset, byte[] chunk) = _pending.First();
            if (offset > Delivered)
            {
                return;
            }
            _pending.Remove(offset);
            _pendingBytes -= chunk.Length;
            long end = offset + chunk.Length;
            if (end > Delivered)
            {
                var fresh = chunk.AsSpan((int)(Delivered - offset));
                Delivered = end;
                deliver(fresh);
            }
        }
    }
}
