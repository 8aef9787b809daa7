using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Writes packet headers (RFC 9000 §17) and applies packet protection (RFC 9001 §5). Packet numbers are always
/// written in 4 bytes, which keeps the header-protection sample inside every packet whatever its payload.
/// </summary>
internal static class PacketBuilder
{
    public const int PacketNumberLength = 4;

    /// <summary>
    /// Writes a long header up to and including the packet number. Returns the offset of the 2-byte Length field;
    /// <see cref="SealLong"/> fills it in.
    /// </summary>
    public static int WriteLongHeader(ref SpanWriter writer, PacketType type, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid,
        ReadOnlySpan<byte> token, long packetNumber)
    {
        writer.WriteByte((byte)(0xc0 | ((int)type << 4) | (PacketNumberLength - 1)));
        writer.WriteUInt32(PacketParser.Version1);
        writer.WriteByte((byte)dcid.Length);
        writer.WriteBytes(dcid);
        writer.WriteByte((byte)scid.Length);
        writer.WriteBytes(scid);
        if (type == PacketType.Initial)
        {
            writer.WriteVarint(token.Length);
            writer.WriteBytes(token);
        }
        int lengthOffset = writer.Skip(2);
        writer.WriteUInt32((uint)packetNumber);
        return lengthOffset;
    }

    /// <summary>Writes a short header (RFC 9000 §17.3.1) up to and including the packet number.</summary>
    public static void WriteShortHeader(ref SpanWriter writer, ReadOnlySpan<byte> dcid, bool keyPhase, long packetNumber)
    {
        writer.WriteByte((byte)(0x40 | (keyPhase ? 0x04 : 0) | (PacketNumberLength - 1)));
        writer.WriteBytes(dcid);
        writer.WriteUInt32((uint)packetNumber);
    }

    /// <summary>
    /// Seals a long-header packet occupying <paramref name="packet"/> (header, payload, then 16 bytes of room for
    /// the tag at the end): fills in Length, encrypts and applies header protection.
    /// </summary>
    public static void SealLong(Span<byte> packet, int lengthOffset, long packetNumber, PacketProtection keys)
    {
        int pnOffset = lengthOffset + 2;
        int length = packet.Length - pnOffset;
        QuicVarint.Write(packet[lengthOffset..], length, 2);
        Seal(packet, pnOffset, PacketNumberLength, packetNumber, keys, isLong: true);
    }

    /// <summary>Seals a short-header packet whose packet number starts at <paramref name="pnOffset"/>.</summary>
    public static void SealShort(Span<byte> packet, int pnOffset, long packetNumber, PacketProtection keys) =>
        Seal(packet, pnOffset, PacketNumberLength, packetNumber, keys, isLong: false);

    /// <summary>
    /// Encrypts the payload after a <paramref name="pnLength"/>-byte packet number (already written, unprotected)
    /// and applies header protection (RFC 9001 §5.3, §5.4.1).
    /// </summary>
    public static void Seal(Span<byte> packet, int pnOffset, int pnLength, long packetNumber, PacketProtection keys, bool isLong)
    {
        byte firstMask = isLong ? (byte)0x0f : (byte)0x1f;
        int payloadOffset = pnOffset + pnLength;
        int payloadLength = packet.Length - payloadOffset - PacketProtection.TagLength;
        keys.Seal(packetNumber, packet[..payloadOffset], packet.Slice(payloadOffset, payloadLength), packet[^PacketProtection.TagLength..]);
        Span<byte> mask = stackalloc byte[5];
        keys.HeaderMask(packet.Slice(pnOffset + 4, PacketProtection.SampleLength), mask);
        packet[0] ^= (byte)(mask[0] & firstMask);
        for (int i = 0; i < pnLength; i++)
        {
            packet[pnOffset + i] ^= mask[1 + i];
        }
    }

    private static ReadOnlySpan<byte> RetryKey => [0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a, 0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68, 0xc8, 0x4e];

    private static ReadOnlySpan<byte> RetryNonce => [0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b, 0xf2, 0x23, 0x98, 0x25, 0xbb];

    /// <summary>The Retry Integrity Tag (RFC 9001 §5.8) over the Retry packet without its tag.</summary>
    public static void RetryIntegrityTag(ReadOnlySpan<byte> originalDcid, ReadOnlySpan<byte> retryWithoutTag, Span<byte> tag)
    {
        Span<byte> pseudo = stackalloc byte[1 + originalDcid.Length + retryWithoutTag.Length];
        pseudo[0] = (byte)originalDcid.Length;
        originalDcid.CopyTo(pseudo[1..]);
        retryWithoutTag.CopyTo(pseudo[(1 + originalDcid.Length)..]);
        using var gcm = new AesGcm(RetryKey, 16);
        gcm.Encrypt(RetryNonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, pseudo);
    }

    /// <summary>True when the Retry packet's integrity tag is valid for the client's original DCID.</summary>
    public static bool RetryIsAuthentic(ReadOnlySpan<byte> originalDcid, ReadOnlySpan<byte> retryPacket)
    {
        if (retryPacket.Length < 16 || retryPacket.Length > 1500)
        {
            return false;
        }
        Span<byte> tag = stackalloc byte[16];
        RetryIntegrityTag(originalDcid, retryPacket[..^16], tag);
        return CryptographicOperations.FixedTimeEquals(tag, retryPacket[^16..]);
    }
}
