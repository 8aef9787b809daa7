using System.Buffers;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Protos;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Security.Plaintext;

/// <summary>
/// Sans-IO codec of the <c>/plaintext/2.0.0</c> handshake message (libp2p/specs plaintext/README.md "Protocol"):
/// an unsigned-varint length, then a protobuf <c>Exchange { id, pubkey }</c>.
/// </summary>
public static class PlaintextExchangeCodec
{
    /// <summary>Writes our length-prefixed <c>Exchange</c>.</summary>
    public static void Write(IBufferWriter<byte> writer, PublicKey localKey)
    {
        ArgumentNullException.ThrowIfNull(localKey);
        var exchange = new Exchange
        {
            Id = ByteString.CopyFrom(PeerId.FromPublicKey(localKey).Bytes),
            Pubkey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(localKey.ToProtobuf()),
        };
        int size = exchange.CalculateSize();
        Varint.Write(writer, (ulong)size);
        Span<byte> span = writer.GetSpan(size)[..size];
        exchange.WriteTo(span);
        writer.Advance(size);
    }

    /// <summary>
    /// Tries to decode one length-prefixed <c>Exchange</c> from <paramref name="buffer"/>, verifying that the
    /// peer ID is derived from the key. Returns false when more bytes are needed (and slices nothing);
    /// throws <see cref="PlaintextException"/> for an invalid or oversized message.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out PublicKey remoteKey, out PeerId remotePeer)
    {
        remoteKey = null!;
        remotePeer = null!;
        switch (Varint.TryRead(buffer, out ulong length, out int prefix))
        {
            case VarintStatus.NeedMoreData:
                return false;
            case VarintStatus.Ok:
                break;
            default:
                throw new PlaintextException("invalid length prefix");
        }
        if (length > (ulong)maxLength)
        {
            throw new PlaintextException($"Exchange of {length} bytes exceeds the {maxLength}-byte limit");
        }
        if (buffer.Length - prefix < (long)length)
        {
            return false;
        }
        ReadOnlySequence<byte> body = buffer.Slice(prefix, (long)length);
        Exchange exchange;
        try
        {
            exchange = Exchange.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new PlaintextException("malformed Exchange message", ex);
        }
        if (!exchange.HasId || exchange.Pubkey is null)
        {
            throw new PlaintextException("Exchange lacks the peer ID or the public key");
        }
        try
        {
            remoteKey = PublicKey.FromProtobuf(exchange.Pubkey.ToByteArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new PlaintextException("Exchange carries an invalid public key", ex);
        }
        remotePeer = PeerId.FromPublicKey(remoteKey);
        if (!remotePeer.Bytes.SequenceEqual(exchange.Id.Span))
        {
            throw new PlaintextException("Exchange peer ID does not match its public key");
        }
        buffer = buffer.Slice(body.End);
        return true;
    }
}
