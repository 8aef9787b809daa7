using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using IdentifyMessage = Libp2p.Core.Protos.Identify;
using Libp2p.Core.Records;

namespace Libp2p.Protocols.Identify;

/// <summary>
/// <c>/ipfs/id/1.0.0</c> and <c>/ipfs/id/push/1.0.0</c> (libp2p/specs identify/README.md): the side that sends
/// writes one length-prefixed Identify message and closes its write side; the side that receives reads every
/// message until the stream ends (at most <see cref="DefaultMaxMessages"/>, each at most
/// <see cref="IdentifyCodec.DefaultMaxMessageSize"/>) and merges them, as go-libp2p may split a large response.
/// </summary>
public static class IdentifyProtocol
{
    /// <summary>The identify protocol ID ("Overview > identify").</summary>
    public const string Id = "/ipfs/id/1.0.0";

    /// <summary>The identify/push protocol ID ("Overview > identify/push").</summary>
    public const string PushId = "/ipfs/id/push/1.0.0";

    /// <summary>The protocolVersion every libp2p implementation sends ("protocolVersion").</summary>
    public const string ProtocolVersion = "ipfs/0.1.0";

    /// <summary>Messages merged from one stream, as go-libp2p's <c>maxMessages</c>.</summary>
    public const int DefaultMaxMessages = 10;

    /// <summary>
    /// Builds our Identify message. <paramref name="observed"/> is the remote's address as we see it; the signed
    /// peer record (field 8) carries <paramref name="listenAddresses"/> with sequence number <paramref name="recordSeq"/>.
    /// </summary>
    public static IdentifyMessage BuildMessage(PrivateKey identity, IReadOnlyList<Multiaddr> listenAddresses, IEnumerable<string> protocols, Multiaddr? observed, string agentVersion, ulong recordSeq)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(listenAddresses);
        ArgumentNullException.ThrowIfNull(protocols);
        var message = new IdentifyMessage
        {
            ProtocolVersion = ProtocolVersion,
            AgentVersion = agentVersion,
            PublicKey = ByteString.CopyFrom(identity.PublicKey.ToProtobuf()),
        };
        message.ListenAddrs.AddRange(listenAddresses.Select(a => ByteString.CopyFrom(a.Bytes.Span)));
        message.Protocols.AddRange(protocols);
        if (observed is not null)
        {
            message.ObservedAddr = ByteString.CopyFrom(observed.Bytes.Span);
        }
        var record = new PeerRecord(PeerId.FromPublicKey(identity.PublicKey), recordSeq, listenAddresses);
        message.SignedPeerRecord = ByteString.CopyFrom(record.Seal(identity).ToBytes());
        return message;
    }

    /// <summary>Writes <paramref name="message"/> and completes <paramref name="output"/> (the sender closes the stream).</summary>
    public static async Task WriteAsync(PipeWriter output, IdentifyMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        IdentifyCodec.Write(message, output);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Reads and merges every message until the remote closes its side.</summary>
    /// <exception cref="IdentifyException">Oversize, truncated, malformed, too many, or no message at all.</exception>
    public static async Task<IdentifyMessage> ReadAsync(PipeReader input, CancellationToken cancellationToken = default, int maxMessageSize = IdentifyCodec.DefaultMaxMessageSize, int maxMessages = DefaultMaxMessages)
    {
        ArgumentNullException.ThrowIfNull(input);
        IdentifyMessage? merged = null;
        int count = 0;
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition consumed = buffer.Start;
            try
            {
                while (IdentifyCodec.TryRead(buffer.Slice(consumed), maxMessageSize, out IdentifyMessage? message, out SequencePosition end) == IdentifyReadStatus.Message)
                {
                    if (++count > maxMessages)
                    {
                        throw new IdentifyException(IdentifyError.TooManyMessages, $"more than {maxMessages} messages on one stream");
                    }
                    consumed = end;
                    if (merged is null)
                    {
                        merged = message!;
                    }
                    else
                    {
                        merged.MergeFrom(message);
                    }
                }
            }
            catch
            {
                input.AdvanceTo(buffer.End);
                throw;
            }
            bool leftover = !buffer.Slice(consumed).IsEmpty;
            input.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                if (leftover)
                {
                    throw new IdentifyException(IdentifyError.Truncated, "the stream ended inside a message");
                }
                return merged ?? throw new IdentifyException(IdentifyError.Empty, "the stream ended before any message");
            }
        }
    }
}
