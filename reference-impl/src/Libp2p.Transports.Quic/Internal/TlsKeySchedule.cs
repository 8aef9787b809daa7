using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>The TLS 1.3 key schedule (RFC 8446 §7.1) for SHA-256 suites, without PSK.</summary>
internal static class TlsKeySchedule
{
    private static readonly byte[] Zeros = new byte[HkdfLabel.HashLength];
    private static readonly byte[] EmptyHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Handshake Secret from the (EC)DHE shared secret.</summary>
    public static byte[] HandshakeSecret(ReadOnlySpan<byte> sharedSecret)
    {
        byte[] early = HkdfLabel.Extract(Zeros, Zeros);
        byte[] derived = HkdfLabel.Expand(early, "derived", EmptyHash, HkdfLabel.HashLength);
        return HkdfLabel.Extract(derived, sharedSecret);
    }

    /// <summary>Master Secret from the Handshake Secret.</summary>
    public static byte[] MasterSecret(ReadOnlySpan<byte> handshakeSecret)
    {
        byte[] derived = HkdfLabel.Expand(handshakeSecret, "derived", EmptyHash, HkdfLabel.HashLength);
        return HkdfLabel.Extract(derived, Zeros);
    }

    /// <summary>Derive-Secret(secret, label, transcript hash).</summary>
    public static byte[] DeriveSecret(ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> transcriptHash) =>
        HkdfLabel.Expand(secret, label, transcriptHash, HkdfLabel.HashLength);

    /// <summary>Finished verify_data (RFC 8446 §4.4.4).</summary>
    public static byte[] FinishedVerifyData(ReadOnlySpan<byte> trafficSecret, ReadOnlySpan<byte> transcriptHash)
    {
        byte[] key = HkdfLabel.Expand(trafficSecret, "finished", default, HkdfLabel.HashLength);
        return HMACSHA256.HashData(key, transcriptHash);
    }
}
