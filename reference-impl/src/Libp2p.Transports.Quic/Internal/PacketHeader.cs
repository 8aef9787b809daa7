namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// The located fields of one packet inside a datagram (RFC 9000 §17): offsets are relative to the packet start.
/// The packet number and the first byte's low bits are still header-protected here.
/// </summary>
internal readonly record struct PacketHeader(
    PacketType Type,
    uint Version,
    int DcidOffset,
    int DcidLength,
    int ScidOffset,
    int ScidLength,
    int TokenOffset,
    int TokenLength,
    int PnOffset,
    int PacketLength)
{
    public bool IsLong => Type != PacketType.OneRtt;
}
