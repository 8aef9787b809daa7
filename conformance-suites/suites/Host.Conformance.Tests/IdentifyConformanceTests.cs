using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Identify;
using Libp2p.Protocols.Ping;
using IdentifyMessage = Libp2p.Core.Protos.Identify;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Identify and identify/push (libp2p/specs identify/README.md) of the reference stack, on the wire.</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class IdentifyConformanceTests(string transport)
{
    private static async Task<byte[]> ReadToEndAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult read = await input.ReadAsync(cancellationToken);
            foreach (ReadOnlyMemory<byte> segment in read.Buffer)
            {
                all.Write(segment.Span);
            }
            input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return all.WrittenSpan.ToArray();
            }
        }
    }

    [Test]
    [Requirement("IDENTIFY-PROTO-001")]
    [Requirement("IDENTIFY-MSG-001")]
    [Requirement("IDENTIFY-MSG-002")]
    [Requirement("IDENTIFY-FIELD-001")]
    [Requirement("IDENTIFY-FIELD-004")]
    [Requirement("IDENTIFY-FIELD-006")]
    [Requirement("IDENTIFY-FIELD-007")]
    [Requirement("IDENTIFY-FIELD-009")]
    [Requirement("IDENTIFY-SPR-001")]
    public async Task ResponderWritesOneLengthPrefixedMessageAndCloses()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, [IdentifyProtocol.Id], cts.Token);
        await stream.Pipe.Output.CompleteAsync();

        byte[] bytes = await ReadToEndAsync(stream.Pipe.Input, cts.Token);
        await stream.Stream.DisposeAsync();

        ulong length = Varint.Read(bytes, out int prefix);
        Assert.That((ulong)(bytes.Length - prefix), Is.EqualTo(length), "exactly one varint-prefixed message, then end of stream");
        IdentifyMessage message = IdentifyMessage.Parser.ParseFrom(bytes.AsSpan(prefix));
        var expectedAddress = pair.ListenAddress.DecapsulateCode(421);
        Assert.Multiple(() =>
        {
            Assert.That(message.ProtocolVersion, Is.EqualTo("ipfs/0.1.0"));
            Assert.That(message.AgentVersion, Does.StartWith("libp2p-conformance/"));
            Assert.That(Core.Identity.PublicKey.FromProtobuf(message.PublicKey.Span), Is.EqualTo(pair.Dialer.PeerStore.GetPublicKey(pair.Listener.PeerId)));
            Assert.That(message.ListenAddrs.Select(a => Multiaddr.FromBytes(a.Span)), Does.Contain(expectedAddress));
            Assert.That(Multiaddr.FromBytes(message.ObservedAddr.Span), Is.EqualTo(pair.Connection.Raw.LocalAddress));
            Assert.That(message.Protocols, Is.SupersetOf(new[] { IdentifyProtocol.Id, IdentifyProtocol.PushId, PingProtocol.Id }));
            PeerRecord record = PeerRecord.Open(message.SignedPeerRecord.Span);
            Assert.That(record.PeerId, Is.EqualTo(pair.Listener.PeerId));
            Assert.That(record.Addresses, Does.Contain(expectedAddress));
        });
    }

    [Test]
    [Requirement("IDENTIFY-FIELD-010")]
    public async Task EveryAdvertisedProtocolAcceptsInboundStreams()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        IdentifyInfo info = await pair.Dialer.Identify!.IdentifyAsync(pair.Connection, cts.Token);
        foreach (string protocol in info.Protocols)
        {
            // Negotiating two proposals makes the remote answer explicitly instead of lazily.
            StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, [protocol, "/conformance/never/1.0.0"], cts.Token);
            Assert.That(stream.Protocol, Is.EqualTo(protocol));
            stream.Stream.Reset();
            await stream.Stream.DisposeAsync();
        }
    }

    [Test]
    [Requirement("IDENTIFY-PROTO-005")]
    [Requirement("IDENTIFY-PROTO-002")]
    [Requirement("IDENTIFY-PROTO-003")]
    public async Task IdentifyRunsOnConnectAndChangesArePushed()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        using EventSubscription<IdentifyCompleted> events = pair.Dialer.Events.Subscribe<IdentifyCompleted>();
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        Assert.That(pair.Listener.PeerStore.GetProtocols(pair.Dialer.PeerId), Does.Contain(IdentifyProtocol.Id), "the listener identified the dialer unprompted");

        pair.Listener.SetStreamHandler("/conformance/pushed/1.0.0", (c, t) => c.Pipe.Output.CompleteAsync().AsTask());

        await events.WaitAsync(e => e.IsPush && e.Protocols.Contains("/conformance/pushed/1.0.0"), NodePair.Timeout, cts.Token);
        Assert.That(pair.Dialer.PeerStore.SupportsProtocol(pair.Listener.PeerId, "/conformance/pushed/1.0.0"), Is.True);
    }

    [Test]
    [Requirement("IDENTIFY-PROTO-004")]
    public async Task APartialPushLeavesAbsentFieldsAlone()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        string? agent = pair.Listener.PeerStore.GetMetadata(pair.Dialer.PeerId, MemoryPeerStore.AgentVersionKey);
        int addresses = pair.Listener.PeerStore.GetAddresses(pair.Dialer.PeerId).Count;

        var partial = new IdentifyMessage();
        partial.Protocols.Add("/conformance/only/1.0.0");
        await PushAsync(pair, partial, cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(pair.Listener.PeerStore.GetProtocols(pair.Dialer.PeerId), Is.EqualTo(new[] { "/conformance/only/1.0.0" }));
            Assert.That(pair.Listener.PeerStore.GetMetadata(pair.Dialer.PeerId, MemoryPeerStore.AgentVersionKey), Is.EqualTo(agent).And.Not.Null);
            Assert.That(pair.Listener.PeerStore.GetAddresses(pair.Dialer.PeerId), Has.Count.EqualTo(addresses));
        });
    }

    [Test]
    [Requirement("IDENTIFY-FIELD-005")]
    [Requirement("IDENTIFY-MSG-005")]
    public async Task APushWithAnotherPeersKeyIsRejectedAndTheConnectionSurvives()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        IReadOnlyList<string> before = pair.Listener.PeerStore.GetProtocols(pair.Dialer.PeerId);

        var forged = new IdentifyMessage { PublicKey = ByteString.CopyFrom(Core.Identity.PrivateKey.Generate(Core.Identity.KeyType.Ed25519).PublicKey.ToProtobuf()) };
        forged.Protocols.Add("/conformance/forged/1.0.0");

        Assert.That(async () => await PushAsync(pair, forged, cts.Token), Throws.InstanceOf<Libp2pException>().Or.InstanceOf<IOException>());
        Assert.That(pair.Listener.PeerStore.GetProtocols(pair.Dialer.PeerId), Is.EqualTo(before));
        await AssertAliveAsync(pair, cts.Token);
    }

    [Test]
    [Requirement("IDENTIFY-SPR-003")]
    public async Task AForgedSignedPeerRecordIsNotStored()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        ulong storedSeq = PeerRecord.FromEnvelope(pair.Listener.PeerStore.GetPeerRecord(pair.Dialer.PeerId)!).Seq;

        // A genuine record of a third peer, relayed by the dialer: valid signature, wrong peer.
        var other = Core.Identity.PrivateKey.Generate(Core.Identity.KeyType.Ed25519);
        var otherPeer = Core.Identity.PeerId.FromPublicKey(other.PublicKey);
        IdentifyMessage relayed = pair.Dialer.Identify!.BuildLocalMessage(pair.Connection);
        relayed.SignedPeerRecord = ByteString.CopyFrom(new PeerRecord(otherPeer, ulong.MaxValue, [Multiaddr.Parse("/ip4/10.6.6.6/tcp/1")]).Seal(other).ToBytes());
        await PushAsync(pair, relayed, cts.Token);

        // The dialer's own record with one signature byte flipped.
        IdentifyMessage tampered = pair.Dialer.Identify!.BuildLocalMessage(pair.Connection);
        byte[] envelope = tampered.SignedPeerRecord.ToByteArray();
        envelope[^1] ^= 0x01;
        tampered.SignedPeerRecord = ByteString.CopyFrom(envelope);
        await PushAsync(pair, tampered, cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(PeerRecord.FromEnvelope(pair.Listener.PeerStore.GetPeerRecord(pair.Dialer.PeerId)!).Seq, Is.EqualTo(storedSeq));
            Assert.That(pair.Listener.PeerStore.GetPeerRecord(otherPeer), Is.Null);
            Assert.That(pair.Listener.PeerStore.GetAddresses(pair.Dialer.PeerId).Select(a => a.Address.ToString()), Has.None.Contains("10.6.6.6"));
        });
    }

    [Test]
    [Requirement("IDENTIFY-SPR-002")]
    public async Task SignedRecordAddressesWinOverListenAddrs()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        IdentifyMessage message = pair.Dialer.Identify!.BuildLocalMessage(pair.Connection);
        message.ListenAddrs.Add(ByteString.CopyFrom(Multiaddr.Parse("/ip4/10.9.9.9/tcp/9").Bytes.Span));

        await PushAsync(pair, message, cts.Token);

        PeerRecord stored = PeerRecord.FromEnvelope(pair.Listener.PeerStore.GetPeerRecord(pair.Dialer.PeerId)!);
        Assert.That(pair.Listener.PeerStore.GetAddresses(pair.Dialer.PeerId).Select(a => a.Address), Is.EquivalentTo(stored.Addresses));
        Assert.That(pair.Listener.PeerStore.GetAddresses(pair.Dialer.PeerId).Select(a => a.Address.ToString()), Has.None.Contains("10.9.9.9"));
    }

    [Test]
    [Requirement("IDENTIFY-MSG-003")]
    public async Task AnOversizePushIsRejected()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        var huge = new IdentifyMessage { AgentVersion = new string('x', IdentifyCodec.DefaultMaxMessageSize + 1) };
        Assert.That(async () => await PushAsync(pair, huge, cts.Token), Throws.InstanceOf<Libp2pException>().Or.InstanceOf<IOException>());
        Assert.That(pair.Listener.PeerStore.GetMetadata(pair.Dialer.PeerId, MemoryPeerStore.AgentVersionKey), Is.Not.EqualTo(huge.AgentVersion));
        await AssertAliveAsync(pair, cts.Token);
    }

    [Test]
    [Requirement("IDENTIFY-MSG-004")]
    public async Task SeveralMessagesOnOneStreamAreMerged()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        await pair.Listener.Identify!.IdentifyAsync(pair.Listener.Connections.Single(), cts.Token);
        var first = new IdentifyMessage { AgentVersion = "split/1" };
        first.Protocols.Add("/conformance/first/1.0.0");
        var second = new IdentifyMessage();
        second.Protocols.Add("/conformance/second/1.0.0");

        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, [IdentifyProtocol.PushId], cts.Token);
        IdentifyCodec.Write(first, stream.Pipe.Output);
        IdentifyCodec.Write(second, stream.Pipe.Output);
        await stream.Pipe.Output.FlushAsync(cts.Token);
        await stream.Pipe.Output.CompleteAsync();
        await ReadToEndAsync(stream.Pipe.Input, cts.Token);
        await stream.Stream.DisposeAsync();

        Assert.That(pair.Listener.PeerStore.GetProtocols(pair.Dialer.PeerId), Is.EqualTo(new[] { "/conformance/first/1.0.0", "/conformance/second/1.0.0" }));
        Assert.That(pair.Listener.PeerStore.GetMetadata(pair.Dialer.PeerId, MemoryPeerStore.AgentVersionKey), Is.EqualTo("split/1"));
    }

    private static async Task PushAsync(NodePair pair, IdentifyMessage message, CancellationToken cancellationToken)
    {
        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, [IdentifyProtocol.PushId], cancellationToken);
        try
        {
            await IdentifyProtocol.WriteAsync(stream.Pipe.Output, message, cancellationToken);
            // The receiver closes its side after storing the push, or resets the stream when it rejects it.
            await ReadToEndAsync(stream.Pipe.Input, cancellationToken);
        }
        finally
        {
            await stream.Stream.DisposeAsync();
        }
    }

    private static async Task AssertAliveAsync(NodePair pair, CancellationToken cancellationToken)
    {
        StreamContext ping = await StreamOpener.OpenAsync(pair.Connection, [PingProtocol.Id], cancellationToken);
        await PingProtocol.PingOnceAsync(ping.Pipe, cancellationToken);
        await ping.Pipe.Output.CompleteAsync();
        await ping.Stream.DisposeAsync();
    }
}
