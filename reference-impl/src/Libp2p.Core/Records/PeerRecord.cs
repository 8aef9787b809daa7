using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using ProtoPeerRecord = Libp2p.Core.Protos.PeerRecord;

namespace Libp2p.Core.Records;

/// <summary>
/// A peer record (libp2p/specs RFC/0003-routing-records.md, "Address Record Format", as deployed): a peer ID, a
/// sequence number and the peer's listen addresses, carried in a signed envelope with domain
/// <c>libp2p-peer-record</c> and payload type <c>0x03 0x01</c> (multicodec <c>libp2p-peer-record</c>).
/// </summary>
public sealed class PeerRecord
{
    /// <summary>The envelope domain of peer records.</summary>
    public const string Domain = "libp2p-peer-record";

    /// <summary>Largest number of addresses accepted when decoding.</summary>
    public const int MaxAddresses = 256;

    /// <summary>The envelope payload type: the bytes <c>0x03 0x01</c> of multicodec <c>libp2p-peer-record</c>
    /// (0x0301) written big-endian, not as a varint, exactly as go-libp2p and js-libp2p deploy it.</summary>
    public static ReadOnlySpan<byte> PayloadType => [0x03, 0x01];

    /// <summary>Creates a record.</summary>
    public PeerRecord(PeerId peerId, ulong seq, IReadOnlyList<Multiaddr> addresses)
    {
        ArgumentNullException.ThrowIfNull(peerId);
        ArgumentNullException.ThrowIfNull(addresses);
        PeerId = peerId;
        Seq = seq;
        Addresses = addresses.ToArray();
    }

    /// <summary>The peer the record describes (field 1).</summary>
    public PeerId PeerId { get; }

    /// <summary>The sequence number; a higher one supersedes a lower one (field 2).</summary>
    public ulong Seq { get; }

    /// <summary>The listen addresses (field 3).</summary>
    public IReadOnlyList<Multiaddr> Addresses { get; }

    /// <summary>The protobuf payload (RFC 0003 "Address Record Format").</summary>
    public byte[] ToProtobuf()
    {
        var message = new ProtoPeerRecord { PeerId = ByteString.CopyFrom(PeerId.Bytes), Seq = Seq };
        foreach (Multiaddr address in Addresses)
        {
            message.Addresses.Add(new ProtoPeerRecord.Types.AddressInfo { Multiaddr = ByteString.CopyFrom(address.Bytes.Span) });
        }
        return message.ToByteArray();
    }

    /// <summary>Decodes a record payload (without any signature check).</summary>
    /// <exception cref="RecordException">Malformed protobuf, peer ID or multiaddr, or too many addresses.</exception>
    public static PeerRecord FromProtobuf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > SignedEnvelope.DefaultMaxLength)
        {
            throw new RecordException(RecordError.TooLarge, $"peer record is {bytes.Length} bytes, above the {SignedEnvelope.DefaultMaxLength}-byte limit");
        }
        ProtoPeerRecord message;
        try
        {
            message = ProtoPeerRecord.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RecordException(RecordError.Malformed, $"peer record protobuf is malformed: {e.Message}", e);
        }
        if (message.Addresses.Count > MaxAddresses)
        {
            throw new RecordException(RecordError.TooLarge, $"peer record has {message.Addresses.Count} addresses, above the limit of {MaxAddresses}");
        }
        PeerId peerId;
        try
        {
            peerId = PeerId.FromBytes(message.PeerId.Span);
        }
        catch (PeerIdFormatException e)
        {
            throw new RecordException(RecordError.Malformed, $"peer record peer ID is invalid: {e.Message}", e);
        }
        var addresses = new Multiaddr[message.Addresses.Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            if (!Multiaddr.TryFromBytes(message.Addresses[i].Multiaddr.Span, out Multiaddr? address))
            {
                throw new RecordException(RecordError.Malformed, $"peer record address {i} is not a valid binary multiaddr");
            }
            addresses[i] = address;
        }
        return new PeerRecord(peerId, message.Seq, addresses);
    }

    /// <summary>Signs the record into an envelope (domain <see cref="Domain"/>, type <see cref="PayloadType"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not the key of <see cref="PeerId"/>.</exception>
    public SignedEnvelope Seal(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!PeerId.Matches(key.PublicKey))
        {
            throw new ArgumentException($"the signing key is not the key of the record's peer {PeerId}", nameof(key));
        }
        return SignedEnvelope.Seal(key, Domain, PayloadType, ToProtobuf());
    }

    /// <summary>Extracts the record from an opened envelope, checking the payload type and that the envelope's
    /// key is the record's peer (RFC 0003).</summary>
    /// <exception cref="RecordException">Wrong payload type, malformed record, or a peer ID that is not the signer's.</exception>
    public static PeerRecord FromEnvelope(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.HasPayloadType(PayloadType))
        {
            throw new RecordException(RecordError.WrongPayloadType,
                $"envelope payload type is {Convert.ToHexStringLower(envelope.PayloadType.Span)}, a peer record is 0301");
        }
        PeerRecord record = FromProtobuf(envelope.Payload.Span);
        if (!record.PeerId.Matches(envelope.PublicKey))
        {
            throw new RecordException(RecordError.PeerIdMismatch,
                $"peer record is for {record.PeerId} but the envelope was signed by {PeerId.FromPublicKey(envelope.PublicKey)}");
        }
        return record;
    }

    /// <summary>Opens an encoded envelope under <see cref="Domain"/> and extracts the record.</summary>
    /// <exception cref="RecordException">Any envelope or record failure.</exception>
    public static PeerRecord Open(ReadOnlySpan<byte> envelopeBytes) => FromEnvelope(SignedEnvelope.Open(envelopeBytes, Domain));
}
