namespace Libp2p.Transports.Quic.Internal;

/// <summary>The three packet number spaces / encryption levels QUIC v1 uses (RFC 9000 §12.3, RFC 9001 §4); 0-RTT is not used.</summary>
internal enum EncryptionLevel
{
    Initial = 0,
    Handshake = 1,
    OneRtt = 2,
}
