using Google.Protobuf;
using Libp2p.Core.Multiformats;
using ProtoPrivateKey = Libp2p.Core.Protos.PrivateKey;
using ProtoPublicKey = Libp2p.Core.Protos.PublicKey;

namespace Libp2p.Core.Identity;

/// <summary>
/// The key protobuf of peer-ids.md "Keys": written by hand so the bytes are exactly the deterministic
/// encoding the spec requires (field 1 as a varint, then field 2 length-delimited, nothing else);
/// read through the generated <c>Libp2p.Core.Protos</c> messages with size and field checks.
/// </summary>
internal static class KeyProtobuf
{
    /// <summary>Upper bound on an encoded key (an 8192-bit RSA private key is about 4.7 KiB).</summary>
    public const int MaxEncodedLength = 8 * 1024;

    public static int GetEncodedLength(int dataLength) => 3 + Varint.GetLength((ulong)dataLength) + dataLength;

    public static byte[] Encode(KeyType type, ReadOnlySpan<byte> data)
    {
        var buffer = new byte[GetEncodedLength(data.Length)];
        Write(buffer, type, data);
        return buffer;
    }

    public static int Write(Span<byte> destination, KeyType type, ReadOnlySpan<byte> data)
    {
        destination[0] = 0x08;
        destination[1] = (byte)type;
        destination[2] = 0x12;
        int offset = 3 + Varint.Write(destination[3..], (ulong)data.Length);
        data.CopyTo(destination[offset..]);
        return offset + data.Length;
    }

    public static (KeyType Type, byte[] Data) DecodePublic(ReadOnlySpan<byte> bytes)
    {
        CheckLength(bytes, "public");
        ProtoPublicKey message;
        try
        {
            message = ProtoPublicKey.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new KeyFormatException($"public key protobuf is malformed: {e.Message}", e);
        }
        return (CheckType(message.HasType, (int)message.Type, "public"), CheckData(message.HasData, message.Data, "public"));
    }

    public static (KeyType Type, byte[] Data) DecodePrivate(ReadOnlySpan<byte> bytes)
    {
        CheckLength(bytes, "private");
        ProtoPrivateKey message;
        try
        {
            message = ProtoPrivateKey.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new KeyFormatException($"private key protobuf is malformed: {e.Message}", e);
        }
        return (CheckType(message.HasType, (int)message.Type, "private"), CheckData(message.HasData, message.Data, "private"));
    }

    private static void CheckLength(ReadOnlySpan<byte> bytes, string kind)
    {
        if (bytes.Length > MaxEncodedLength)
        {
            throw new KeyFormatException($"{kind} key protobuf is {bytes.Length} bytes, above the {MaxEncodedLength}-byte limit");
        }
    }

    private static KeyType CheckType(bool present, int value, string kind)
    {
        if (!present)
        {
            throw new KeyFormatException($"{kind} key protobuf has no Type field (or an unknown key type)");
        }
        if (value is < 0 or > 3)
        {
            throw new KeyFormatException($"{kind} key protobuf has unknown key type {value}");
        }
        return (KeyType)value;
    }

    private static byte[] CheckData(bool present, ByteString data, string kind)
    {
        if (!present)
        {
            throw new KeyFormatException($"{kind} key protobuf has no Data field");
        }
        return data.ToByteArray();
    }
}
