namespace Libp2p.Transports.Quic.Internal;

/// <summary>The TLS 1.3 cipher suites this QUIC stack supports (RFC 8446 §B.4); both hash with SHA-256.</summary>
internal enum CipherSuite : ushort
{
    Aes128GcmSha256 = 0x1301,
    ChaCha20Poly1305Sha256 = 0x1303,
}
