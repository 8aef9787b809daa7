namespace Libp2p.Transports.Quic.Internal;

/// <summary>QUIC v1 packet types (RFC 9000 §17).</summary>
internal enum PacketType : byte
{
    Initial = 0,
    ZeroRtt = 1,
    Handshake = 2,
    Retry = 3,
    OneRtt = 4,
    VersionNegotiation = 5,
}
