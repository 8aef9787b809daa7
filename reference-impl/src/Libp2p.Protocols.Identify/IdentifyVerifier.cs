using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using IdentifyMessage = Libp2p.Core.Protos.Identify;
using Libp2p.Core.Records;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Protocols.Identify;

/// <summary>
/// Checks a received Identify message against the connection it came on (identify/README.md, "publicKey" and
/// "signedPeerRecord") and turns it into an <see cref="IdentifyInfo"/>.
/// </summary>
public static class IdentifyVerifier
{
    /// <summary>Largest number of listen addresses or protocols kept from one message.</summary>
    public const int MaxListEntries = 256;

    /// <summary>
    /// Verifies <paramref name="message"/> as sent by <paramref name="remotePeer"/>. A public key that does not
    /// derive <paramref name="remotePeer"/> is an error; a signed peer record that fails verification or names
    /// another peer is discarded (reported in <see cref="IdentifyInfo.SignedPeerRecordError"/>) and the plain
    /// listen addresses are used, as go-libp2p and js-libp2p do.
    /// </summary>
    /// <param name="message">The decoded message.</param>
    /// <param name="remotePeer">The connection's authenticated remote peer.</param>
    /// <param name="connectionKey">The key the security handshake authenticated, used when a push omits field 1.</param>
    /// <exception cref="IdentifyException">The key is missing, invalid or does not match the peer ID.</exception>
    public static IdentifyInfo Verify(IdentifyMessage message, PeerId remotePeer, PublicKey? connectionKey)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(remotePeer);
        PublicKey key = ReadKey(message, remotePeer, connectionKey);
        PeerRecord? record = null;
        SignedEnvelope? envelope = null;
        string? recordError = null;
        if (message.HasSignedPeerRecord)
        {
            try
            {
                envelope = SignedEnvelope.Open(message.SignedPeerRecord.Span, PeerRecord.Domain, IdentifyCodec.DefaultMaxMessageSize);
                PeerRecord candidate = PeerRecord.FromEnvelope(envelope);
                if (candidate.PeerId != remotePeer)
                {
                    recordError = $"the signed peer record describes {candidate.PeerId}, not the connection's peer {remotePeer}";
                    envelope = null;
                }
                else
                {
                    record = candidate;
                }
            }
            catch (RecordException e)
            {
                recordError = $"signed peer record rejected: {e.Message}";
                envelope = null;
            }
        }
        return new IdentifyInfo
        {
            PeerId = remotePeer,
            PublicKey = key,
            ListenAddresses = ParseAddresses(message.ListenAddrs),
            Protocols = message.Protocols.Where(p => p.Length is > 0 and <= 1024).Distinct(StringComparer.Ordinal).Take(MaxListEntries).ToArray(),
            ObservedAddress = message.HasObservedAddr && Multiaddr.TryFromBytes(message.ObservedAddr.Span, out Multiaddr? observed) ? observed : null,
            ProtocolVersion = message.HasProtocolVersion ? message.ProtocolVersion : null,
            AgentVersion = message.HasAgentVersion ? message.AgentVersion : null,
            SignedPeerRecord = record,
            SignedPeerRecordEnvelope = envelope,
            SignedPeerRecordError = recordError,
        };
    }

    private static PublicKey ReadKey(IdentifyMessage message, PeerId remotePeer, PublicKey? connectionKey)
    {
        if (!message.HasPublicKey)
        {
            return connectionKey ?? remotePeer.TryExtractPublicKey()
                ?? throw new IdentifyException(IdentifyError.InvalidPublicKey, "the message has no publicKey and the connection's key is unknown");
        }
        PublicKey key;
        try
        {
            key = PublicKey.FromProtobuf(message.PublicKey.Span);
        }
        catch (Exception e) when (e is KeyFormatException or ArgumentException or FormatException)
        {
            throw new IdentifyException(IdentifyError.InvalidPublicKey, "the publicKey field is not a valid PublicKey protobuf", e);
        }
        if (!remotePeer.Matches(key))
        {
            throw new IdentifyException(IdentifyError.PeerIdMismatch, $"the publicKey derives {PeerId.FromPublicKey(key)}, not the connection's peer {remotePeer}");
        }
        return key;
    }

    private static Multiaddr[] ParseAddresses(IEnumerable<Google.Protobuf.ByteString> raw)
    {
        var result = new List<Multiaddr>();
        foreach (Google.Protobuf.ByteString bytes in raw)
        {
            // IDENTIFY-FIELD-011: one bad entry does not spoil the rest.
            if (result.Count < MaxListEntries && Multiaddr.TryFromBytes(bytes.Span, out Multiaddr? address) && !result.Contains(address))
            {
                result.Add(address);
            }
        }
        return [.. result];
    }
}
