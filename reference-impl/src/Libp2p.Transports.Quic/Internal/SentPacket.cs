namespace Libp2p.Transports.Quic.Internal;

/// <summary>What a sent frame carried, kept to retransmit its content if the packet is lost (RFC 9000 §13.3).</summary>
internal enum SentFrameKind : byte
{
    Crypto,
    Stream,
    MaxData,
    MaxStreamData,
    MaxStreamsBidi,
    ResetStream,
    StopSending,
    HandshakeDone,
    MaxStreamsUni,
    NewConnectionId,
    RetireConnectionId,
}

/// <summary>One retransmittable frame of a sent packet.</summary>
internal readonly record struct SentFrame(SentFrameKind Kind, long StreamId, long Offset, int Length, bool Fin);

/// <summary>A sent packet awaiting acknowledgement (RFC 9002 §A.1.1).</summary>
internal sealed class SentPacket(long packetNumber, long timeUs, int size, bool ackEliciting, List<SentFrame> frames)
{
    public long PacketNumber { get; } = packetNumber;
    public long TimeUs { get; } = timeUs;
    public int Size { get; } = size;
    public bool AckEliciting { get; } = ackEliciting;
    public List<SentFrame> Frames { get; } = frames;
    /// <summary>The largest packet number our ACK in this packet acknowledged, or -1.</summary>
    public long LargestAckedInPacket { get; init; } = -1;
}
