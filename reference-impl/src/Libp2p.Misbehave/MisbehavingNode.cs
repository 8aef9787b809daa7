using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Host;
using Libp2p.Muxers.Mplex;
using Libp2p.Muxers.Yamux;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Identify;
using Libp2p.Protocols.Perf;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;
using Libp2p.Transports.Tcp;

namespace Libp2p.Misbehave;

/// <summary>
/// A reference node (TCP, the spec's security protocols and muxers, ping, echo, identify, perf) that breaks the one
/// rule of a <see cref="MisbehaviourFault"/>: composed from public pieces (a byte rewriter under the raw
/// connection or the muxer, or a faulty protocol handler), never by patching the reference stack.
/// </summary>
public static class MisbehavingNode
{
    /// <summary>Creates the node; <paramref name="fault"/> null gives a well-behaved node with the same composition.</summary>
    public static Node Create(MisbehaviourFault? fault, StackSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        PrivateKey identity = spec.Identity ?? PrivateKey.Generate(KeyType.Ed25519);
        Func<IByteRewriter>? raw = RawRewriter(fault?.Name);
        Func<IByteRewriter>? muxer = MuxerRewriter(fault?.Name);
        IStreamMuxer[] muxers = [.. spec.Muxers.Select(name =>
        {
            IStreamMuxer inner = ReferenceStack.CreateMuxer(name);
            return muxer is null || !AppliesTo(fault!.Name, name) ? inner : new RewritingMuxer(inner, muxer);
        })];
        string[] muxerIds = [.. muxers.Select(m => m.ProtocolId)];
        ITransport tcp = raw is null ? new TcpTransport() : new RewritingTransport(new TcpTransport(), raw);
        var node = new Node(new NodeOptions
        {
            Identity = identity,
            Transports = [tcp],
            Upgrade = new UpgraderOptions
            {
                SecurityProtocols = [.. spec.Security.Select(s => ReferenceStack.CreateSecurity(s, identity, muxerIds))],
                Muxers = muxers,
            },
        });
        node.Router.SetHandler(PingProtocol.Id, fault?.Name switch
        {
            "ping-wrong-payload" => (context, token) => FaultyPingAsync(context.Pipe, flip: true, once: false, token),
            "ping-single-shot" => (context, token) => FaultyPingAsync(context.Pipe, flip: false, once: true, token),
            _ => (context, token) => PingProtocol.ServeAsync(context.Pipe, token),
        });
        node.Router.SetHandler(EchoProtocol.Id, (context, token) => EchoProtocol.ServeAsync(context.Pipe, token));
        node.Router.SetHandler(PerfProtocol.Id, fault?.Name == "perf-wrong-size"
            ? (context, token) => OversizedPerfAsync(context.Pipe, token)
            : (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
        node.EnableIdentify();
        if (fault?.Name is "identify-key-mismatch" or "identify-bad-listen-addr")
        {
            bool wrongKey = fault.Name == "identify-key-mismatch";
            node.Router.SetHandler(IdentifyProtocol.Id, (context, token) => FaultyIdentifyAsync(node, identity, context, wrongKey, token));
        }
        return node;
    }

    private static bool AppliesTo(string fault, string muxer) => fault.StartsWith(muxer + "-", StringComparison.Ordinal);

    private static Func<IByteRewriter>? RawRewriter(string? fault) => fault switch
    {
        "mss-missing-newline" => () => new EarlyBytesRewriter("\u0013/multistream/1.0.0\n"u8.ToArray(), "\u0013/multistream/1.0.0 "u8.ToArray()),
        "mss-wrong-na" => () => new EarlyBytesRewriter([0x03, (byte)'n', (byte)'a', 0x0a], [0x03, (byte)'n', (byte)'o', 0x0a]),
        _ => null,
    };

    private static Func<IByteRewriter>? MuxerRewriter(string? fault) => fault switch
    {
        "yamux-window-overrun" => () => new YamuxFrameRewriter((frame, output) =>
        {
            output.Write(frame);
            if (frame[1] == (byte)YamuxFrameType.Data && frame.Length > YamuxHeader.Size)
            {
                // The same payload again, without SYN/ACK/FIN: bytes the peer's window never allowed.
                byte[] again = (byte[])frame.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(again.AsSpan(2), 0);
                output.Write(again);
            }
        }),
        "yamux-bad-version" => () => new YamuxFrameRewriter((frame, output) =>
        {
            frame[0] = 1;
            output.Write(frame);
        }),
        "yamux-ping-wrong-opaque" => () => new YamuxFrameRewriter((frame, output) =>
        {
            bool pingAck = frame[1] == (byte)YamuxFrameType.Ping && (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2)) & (ushort)YamuxFlags.Ack) != 0;
            if (pingAck)
            {
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)) + 1);
            }
            output.Write(frame);
        }),
        "mplex-oversized-message" => () => new MplexFrameRewriter((header, body, output) =>
        {
            if (header.Flag is MplexFlag.MessageReceiver or MplexFlag.MessageInitiator && body.Length > 0)
            {
                byte[] padded = new byte[MplexFrameHeader.MaxMessageSize + 1];
                body.CopyTo(padded, 0);
                MplexFrameRewriter.Write(header with { Length = padded.Length }, padded, output);
                return;
            }
            MplexFrameRewriter.Write(header, body, output);
        }),
        "mplex-wrong-flag" => () => new MplexFrameRewriter((header, body, output) =>
        {
            MplexFlag flag = header.Flag switch
            {
                MplexFlag.MessageReceiver => MplexFlag.MessageInitiator,
                MplexFlag.CloseReceiver => MplexFlag.CloseInitiator,
                MplexFlag.ResetReceiver => MplexFlag.ResetInitiator,
                _ => header.Flag,
            };
            MplexFrameRewriter.Write(header with { Flag = flag }, body, output);
        }),
        _ => null,
    };

    private static async Task FaultyPingAsync(IDuplexPipe stream, bool flip, bool once, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await stream.Input.ReadAtLeastAsync(PingProtocol.PayloadSize, cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length < PingProtocol.PayloadSize)
            {
                stream.Input.AdvanceTo(result.Buffer.End);
                await stream.Output.CompleteAsync().ConfigureAwait(false);
                return;
            }
            byte[] payload = result.Buffer.Slice(0, PingProtocol.PayloadSize).ToArray();
            stream.Input.AdvanceTo(result.Buffer.GetPosition(PingProtocol.PayloadSize));
            if (flip)
            {
                payload[0] ^= 0x80;
            }
            await stream.Output.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            if (once)
            {
                await stream.Output.CompleteAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private static async Task OversizedPerfAsync(IDuplexPipe stream, CancellationToken cancellationToken)
    {
        ReadResult result = await stream.Input.ReadAtLeastAsync(PerfProtocol.SizeLength, cancellationToken).ConfigureAwait(false);
        if (result.Buffer.Length < PerfProtocol.SizeLength)
        {
            stream.Input.AdvanceTo(result.Buffer.End);
            await stream.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }
        ulong requested = BinaryPrimitives.ReadUInt64BigEndian(result.Buffer.Slice(0, PerfProtocol.SizeLength).ToArray());
        stream.Input.AdvanceTo(result.Buffer.End);
        while (!result.IsCompleted)
        {
            result = await stream.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            stream.Input.AdvanceTo(result.Buffer.End);
        }
        ulong remaining = Math.Min(requested, 64UL << 20) + 1;
        byte[] block = new byte[PerfProtocol.DefaultBlockSize];
        while (remaining > 0)
        {
            int n = (int)Math.Min(remaining, (ulong)block.Length);
            await stream.Output.WriteAsync(block.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            remaining -= (ulong)n;
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task FaultyIdentifyAsync(Node node, PrivateKey identity, StreamContext context, bool wrongKey, CancellationToken cancellationToken)
    {
        PrivateKey sender = wrongKey ? PrivateKey.Generate(KeyType.Ed25519) : identity;
        var message = IdentifyProtocol.BuildMessage(
            sender, node.ListenAddresses, node.Router.Protocols, context.Connection.Raw.RemoteAddress, "libp2p-conformance-misbehave/1.0", 1);
        if (!wrongKey)
        {
            message.ListenAddrs.Add(ByteString.CopyFrom(0xff, 0xff));
        }
        await IdentifyProtocol.WriteAsync(context.Pipe.Output, message, cancellationToken).ConfigureAwait(false);
    }
}
