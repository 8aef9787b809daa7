using System.Buffers;
using System.Text;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using ProtoEnvelope = Libp2p.Core.Protos.Envelope;

namespace Libp2p.Core.Records;

/// <summary>
/// A signed envelope (libp2p/specs RFC/0002-signed-envelopes.md): a payload, its type, the signer's public
/// key and a signature over <c>uvarint(len(domain)) || domain || uvarint(len(type)) || type ||
/// uvarint(len(payload)) || payload</c>. Only obtainable by sealing or by opening with a verified signature.
/// </summary>
public sealed class SignedEnvelope
{
    /// <summary>Default upper bound on an encoded envelope accepted by <see cref="Open(ReadOnlySpan{byte}, string)"/>.</summary>
    public const int DefaultMaxLength = 64 * 1024;

    private readonly byte[] _payloadType;
    private readonly byte[] _payload;
    private readonly byte[] _signature;
    private readonly byte[] _encoded;

    private SignedEnvelope(PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature, byte[]? encoded)
    {
        PublicKey = publicKey;
        _payloadType = payloadType;
        _payload = payload;
        _signature = signature;
        _encoded = encoded ?? Encode(publicKey, payloadType, payload, signature);
    }

    /// <summary>The signer's public key (field 1).</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The payload type, usually a multicodec as varint bytes (field 2).</summary>
    public ReadOnlyMemory<byte> PayloadType => _payloadType;

    /// <summary>The payload (field 3).</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The signature (field 5).</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>Signs <paramref name="payload"/> under <paramref name="domain"/> (RFC 0002 "Signature Production").</summary>
    /// <exception cref="ArgumentException">The domain is empty (RFC 0002 requires a domain separation string).</exception>
    public static SignedEnvelope Seal(PrivateKey key, string domain, ReadOnlySpan<byte> payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        byte[] signature = WithSigningBuffer(domain, payloadType, payload, key, static (k, data) => k.Sign(data));
        return new SignedEnvelope(key.PublicKey, payloadType.ToArray(), payload.ToArray(), signature, null);
    }

    /// <summary>Decodes an envelope and verifies its signature under <paramref name="domain"/>
    /// (RFC 0002 "Signature Validation"), with a limit of <see cref="DefaultMaxLength"/> bytes.</summary>
    /// <exception cref="RecordException">Oversize, malformed, missing or invalid key, or a bad signature.</exception>
    public static SignedEnvelope Open(ReadOnlySpan<byte> bytes, string domain) => Open(bytes, domain, DefaultMaxLength);

    /// <summary>Decodes an envelope of at most <paramref name="maxLength"/> bytes and verifies its signature.</summary>
    /// <exception cref="RecordException">Oversize, malformed, missing or invalid key, or a bad signature.</exception>
    public static SignedEnvelope Open(ReadOnlySpan<byte> bytes, string domain, int maxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        if (bytes.Length > maxLength)
        {
            throw new RecordException(RecordError.TooLarge, $"envelope is {bytes.Length} bytes, above the {maxLength}-byte limit");
        }
        ProtoEnvelope message;
        try
        {
            message = ProtoEnvelope.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RecordException(RecordError.Malformed, $"envelope protobuf is malformed: {e.Message}", e);
        }
        if (message.PublicKey is null)
        {
            throw new RecordException(RecordError.InvalidPublicKey, "envelope has no public key");
        }
        PublicKey publicKey;
        try
        {
            publicKey = Identity.PublicKey.FromProtobuf(message.PublicKey.ToByteArray());
        }
        catch (KeyFormatException e)
        {
            throw new RecordException(RecordError.InvalidPublicKey, $"envelope public key is invalid: {e.Message}", e);
        }
        byte[] payloadType = message.PayloadType.ToByteArray();
        byte[] payload = message.Payload.ToByteArray();
        byte[] signature = message.Signature.ToByteArray();
        bool valid = WithSigningBuffer(domain, payloadType, payload, (publicKey, signature),
            static (state, data) => state.publicKey.Verify(data, state.signature));
        if (!valid)
        {
            throw new RecordException(RecordError.InvalidSignature, $"envelope signature does not verify for domain '{domain}'");
        }
        return new SignedEnvelope(publicKey, payloadType, payload, signature, bytes.ToArray());
    }

    /// <summary>The protobuf encoding (RFC 0002 "Wire Format"): for an opened envelope the exact bytes received,
    /// so a stored envelope is passed on unchanged; for a sealed one fields 1, 2, 3 and 5 in order.</summary>
    public byte[] ToBytes() => (byte[])_encoded.Clone();

    private static byte[] Encode(PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature)
    {
        var message = new ProtoEnvelope
        {
            PublicKey = Protos.PublicKey.Parser.ParseFrom(publicKey.ToProtobuf()),
            PayloadType = ByteString.CopyFrom(payloadType),
            Payload = ByteString.CopyFrom(payload),
            Signature = ByteString.CopyFrom(signature),
        };
        return message.ToByteArray();
    }

    /// <summary>True when the payload type equals <paramref name="payloadType"/>.</summary>
    public bool HasPayloadType(ReadOnlySpan<byte> payloadType) => payloadType.SequenceEqual(_payloadType);

    private delegate TResult SigningAction<TState, TResult>(TState state, ReadOnlySpan<byte> data);

    private static TResult WithSigningBuffer<TState, TResult>(
        string domain, ReadOnlySpan<byte> payloadType, ReadOnlySpan<byte> payload, TState state, SigningAction<TState, TResult> action)
    {
        int domainLength = Encoding.UTF8.GetByteCount(domain);
        int total = Varint.GetLength((ulong)domainLength) + domainLength
            + Varint.GetLength((ulong)payloadType.Length) + payloadType.Length
            + Varint.GetLength((ulong)payload.Length) + payload.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Span<byte> buffer = rented.AsSpan(0, total);
            int offset = Varint.Write(buffer, (ulong)domainLength);
            offset += Encoding.UTF8.GetBytes(domain, buffer[offset..]);
            offset += Varint.Write(buffer[offset..], (ulong)payloadType.Length);
            payloadType.CopyTo(buffer[offset..]);
            offset += payloadType.Length;
            offset += Varint.Write(buffer[offset..], (ulong)payload.Length);
            payload.CopyTo(buffer[offset..]);
            return action(state, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
