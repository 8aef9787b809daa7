using System.Buffers.Binary;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Sans-IO parsing of packet headers (RFC 9000 §17) and removal of packet protection (RFC 9001 §5.4).
/// Malformed packets are not errors: they are reported as unparseable so the caller drops them (RFC 9000 §12.2).
/// </summary>
internal static class PacketParser
{
    public const uint Version1 = 1;
    public const int MaxConnectionIdLength = 20;
    public const int MaxTokenLength = 512;

    /// <summary>
    /// Locates the first packet of <paramref name="datagram"/>. Short headers carry no DCID length, so
    /// <paramref name="shortDcidLength"/> is the length this endpoint issues. False means: drop the rest of the datagram.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, int shortDcidLength, out PacketHeader header)
    {
        header = default;
        if (datagram.IsEmpty)
        {
            return false;
        }
        byte first = datagram[0];
        if ((first & 0x80) == 0)
        {
            if (datagram.Length < 1 + shortDcidLength || (first & 0x40) == 0)
            {
                return false;
            }
            header = new PacketHeader(PacketType.OneRtt, Version1, 1, shortDcidLength, 0, 0, 0, 0, 1 + shortDcidLength, datagram.Length);
            return true;
        }
        if (datagram.Length < 7)
        {
            return false;
        }
        uint version = BinaryPrimitives.ReadUInt32BigEndian(datagram[1..]);
        int dcidLength = datagram[5];
        int pos = 6;
        if (dcidLength > 255 || pos + dcidLength + 1 > datagram.Length)
        {
            return false;
        }
        int dcidOffset = pos;
        pos += dcidLength;
        int scidLength = datagram[pos++];
        if (pos + scidLength > datagram.Length)
        {
            return false;
        }
        int scidOffset = pos;
        pos += scidLength;
        if (version == 0)
        {
            // Version negotiation: connection IDs of any length, then a list of 32-bit versions.
            header = new PacketHeader(PacketType.VersionNegotiation, 0, dcidOffset, dcidLength, scidOffset, scidLength, pos, datagram.Length - pos, 0, datagram.Length);
            return true;
        }
        if (version != Version1)
        {
            // Unknown version: only the invariant fields are meaningful (RFC 8999 §5.1).
            header = new PacketHeader(PacketType.Initial, version, dcidOffset, dcidLength, scidOffset, scidLength, 0, 0, 0, datagram.Length);
            return true;
        }
        if (dcidLength > MaxConnectionIdLength || scidLength > MaxConnectionIdLength || (first & 0x40) == 0)
        {
            return false;
        }
        var type = (PacketType)((first >> 4) & 0x03);
        int tokenOffset = 0, tokenLength = 0;
        if (type == PacketType.Retry)
        {
            if (datagram.Length - pos < 16)
            {
                return false;
            }
            header = new PacketHeader(type, version, dcidOffset, dcidLength, scidOffset, scidLength, pos, datagram.Length - pos - 16, 0, datagram.Length);
            return true;
        }
        if (type == PacketType.Initial)
        {
            int n = QuicVarint.TryRead(datagram[pos..], out long token);
            if (n == 0 || token > MaxTokenLength || pos + n + token > datagram.Length)
            {
                return false;
            }
            pos += n;
            tokenOffset = pos;
            tokenLength = (int)token;
            pos += tokenLength;
        }
        int m = QuicVarint.TryRead(datagram[pos..], out long length);
        if (m == 0 || length > datagram.Length - pos - m)
        {
            return false;
        }
        pos += m;
        header = new PacketHeader(type, version, dcidOffset, dcidLength, scidOffset, scidLength, tokenOffset, tokenLength, pos, pos + (int)length);
        return true;
    }

    /// <summary>
    /// Removes header protection and decrypts <paramref name="packet"/> (exactly one packet, as located by
    /// <see cref="TryParse"/>) in place. False when the packet is too short or fails authentication.
    /// On success the payload is <c>packet[payloadOffset..(payloadOffset+payloadLength)]</c>.
    /// </summary>
    public static bool TryUnprotect(Span<byte> packet, in PacketHeader header, PacketProtection keys, long largestReceived,
        out long packetNumber, out int payloadOffset, out int payloadLength)
    {
        packetNumber = 0;
        payloadOffset = 0;
        payloadLength = 0;
        int pnOffset = header.PnOffset;
        if (packet.Length < pnOffset + 4 + PacketProtection.SampleLength)
        {
            return false;
        }
        Span<byte> mask = stackalloc byte[5];
        keys.HeaderMask(packet.Slice(pnOffset + 4, PacketProtection.SampleLength), mask);
        byte first = (byte)(packet[0] ^ (mask[0] & (header.IsLong ? 0x0f : 0x1f)));
        int pnLength = (first & 0x03) + 1;
        if (packet.Length < pnOffset + pnLength + PacketProtection.TagLength)
        {
            return false;
        }
        // Header bytes are unmasked into a copy so that a failed authentication leaves the packet untouched for
        // a retry with other keys (key update, RFC 9001 §6.3).
        Span<byte> headerCopy = stackalloc byte[pnOffset + pnLength];
        packet[..headerCopy.Length].CopyTo(headerCopy);
        headerCopy[0] = first;
        long truncated = 0;
        for (int i = 0; i < pnLength; i++)
        {
            headerCopy[pnOffset + i] ^= mask[1 + i];
            truncated = (truncated << 8) | headerCopy[pnOffset + i];
        }
        packetNumber = DecodePacketNumber(largestReceived, truncated, pnLength * 8);
        payloadOffset = pnOffset + pnLength;
        payloadLength = packet.Length - payloadOffset - PacketProtection.TagLength;
        Span<byte> payload = packet.Slice(payloadOffset, payloadLength);
        Span<byte> tag = stackalloc byte[PacketProtection.TagLength];
        packet.Slice(payloadOffset + payloadLength, PacketProtection.TagLength).CopyTo(tag);
        Span<byte> saved = payloadLength <= 2048 ? stackalloc byte[payloadLength] : new byte[payloadLength];
        payload.CopyTo(saved);
        if (!keys.TryOpen(packetNumber, headerCopy, payload, tag))
        {
            saved.CopyTo(payload);
            return false;
        }
        headerCopy.CopyTo(packet);
        return true;
    }

    /// <summary>The unprotected first byte's key phase bit (short header, RFC 9001 §6).</summary>
    public static bool KeyPhase(byte unprotectedFirstByte) => (unprotectedFirstByte & 0x04) != 0;

    /// <summary>Packet number decoding (RFC 9000 §A.3).</summary>
    public static long DecodePacketNumber(long largest, long truncated, int bits)
    {
        long expected = largest + 1;
        long window = 1L << bits;
        long half = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - half && candidate < (1L << 62) - window)
        {
            return candidate + window;
        }
        if (candidate > expected + half && candidate >= window)
        {
            return candidate - window;
        }
        return candidate;
    }
}
