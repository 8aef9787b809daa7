namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// One decoded frame (RFC 9000 §19). Fields are shared between frame types to avoid allocation:
/// <list type="bullet">
/// <item>STREAM: <see cref="StreamId"/>, <see cref="Offset"/>, <see cref="Data"/>, <see cref="Fin"/>.</item>
/// <item>CRYPTO: <see cref="Offset"/>, <see cref="Data"/>.</item>
/// <item>ACK: <see cref="Value"/> = largest acknowledged, <see cref="Value2"/> = ACK delay, <see cref="Offset"/> = first range,
/// <see cref="Data"/> = the raw (gap, length) pairs, <see cref="Count"/> = their number.</item>
/// <item>RESET_STREAM: <see cref="StreamId"/>, <see cref="Value"/> = error, <see cref="Value2"/> = final size.</item>
/// <item>STOP_SENDING: <see cref="StreamId"/>, <see cref="Value"/> = error.</item>
/// <item>MAX_DATA, DATA_BLOCKED, MAX_STREAMS, STREAMS_BLOCKED, RETIRE_CONNECTION_ID: <see cref="Value"/>.</item>
/// <item>MAX_STREAM_DATA, STREAM_DATA_BLOCKED: <see cref="StreamId"/>, <see cref="Value"/>.</item>
/// <item>NEW_CONNECTION_ID: <see cref="Value"/> = sequence, <see cref="Value2"/> = retire prior to, <see cref="Data"/> = CID,
/// <see cref="Token"/> = stateless reset token.</item>
/// <item>NEW_TOKEN: <see cref="Token"/>. PATH_CHALLENGE/RESPONSE: <see cref="Data"/> (8 bytes).</item>
/// <item>CONNECTION_CLOSE: <see cref="Value"/> = error, <see cref="Value2"/> = frame type (0x1c only), <see cref="Data"/> = reason.</item>
/// </list>
/// </summary>
internal ref struct Frame
{
    public FrameType Type;
    public long StreamId;
    public long Offset;
    public long Value;
    public long Value2;
    public int Count;
    public bool Fin;
    public ReadOnlySpan<byte> Data;
    public ReadOnlySpan<byte> Token;

    /// <summary>True for frames that make a packet ack-eliciting (RFC 9000 §13.2).</summary>
    public readonly bool IsAckEliciting => Type is not (FrameType.Padding or FrameType.Ack or FrameType.AckEcn
        or FrameType.ConnectionClose or FrameType.ApplicationClose);
}
