namespace Libp2p.Transports.Quic.Internal;

/// <summary>Iterates the acknowledged ranges of an ACK frame from largest to smallest (RFC 9000 §19.3.1).</summary>
internal ref struct AckRanges(in Frame ack)
{
    private SpanReader _reader = new(ack.Data, QuicTransportError.FrameEncodingError);
    private readonly int _count = ack.Count;
    private int _index = -1;
    private long _smallest = ack.Value - ack.Offset;
    private readonly long _largest = ack.Value;

    /// <summary>The current range, inclusive.</summary>
    public (long Smallest, long Largest) Current { get; private set; }

    public bool MoveNext()
    {
        if (_index == -1)
        {
            _index = 0;
            Current = (_smallest, _largest);
            return true;
        }
        if (_index >= _count)
        {
            return false;
        }
        _index++;
        long gap = _reader.ReadVarint();
        long length = _reader.ReadVarint();
        long largest = _smallest - gap - 2;
        _smallest = largest - length;
        Current = (_smallest, largest);
        return true;
    }
}
