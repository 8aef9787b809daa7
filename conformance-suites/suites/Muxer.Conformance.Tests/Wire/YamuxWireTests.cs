using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Yamux;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>Yamux on the wire (libp2p/specs yamux/README.md): frames we send, and hostile frames we receive.</summary>
public sealed class YamuxWireTests : WireTestBase
{
    private (YamuxSession Session, RawPeer Peer) Start(bool isClient = false, YamuxOptions? options = null)
    {
        var (local, peer) = Connect();
        YamuxSession session = Own(new YamuxSession(local, isClient, options));
        return (session, peer);
    }

    private async Task ExpectProtocolErrorAsync(YamuxSession session, RawPeer peer)
    {
        List<YamuxHeader> frames = await peer.DrainYamuxAsync(Ct);
        await session.Completion.WaitAsync(Ct);
        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Some.Matches<YamuxHeader>(h => h.Type == YamuxFrameType.GoAway && h.Length == (uint)YamuxGoAwayCode.ProtocolError));
            Assert.That(session.TerminationReason, Is.InstanceOf<ProtocolViolationException>());
        });
    }

    /// <summary>A client opens odd stream IDs with a SYN, sends data after it, in version-0 big-endian headers.</summary>
    [Test]
    [Requirement("YAMUX-HDR-001")]
    [Requirement("YAMUX-HDR-002")]
    [Requirement("YAMUX-HDR-003")]
    [Requirement("YAMUX-HDR-008")]
    [Requirement("YAMUX-ID-001")]
    [Requirement("YAMUX-OPEN-001")]
    [Requirement("YAMUX-OPEN-004")]
    public async Task Client_opens_odd_streams_with_syn_then_data()
    {
        var (session, peer) = Start(isClient: true);
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync("abc"u8.ToArray(), Ct);
        var syn = await peer.ExpectYamuxAsync(h => h.StreamId != 0, Ct);
        var data = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Data && h.Length > 0, Ct);
        Assert.Multiple(() =>
        {
            Assert.That(syn.Header.StreamId, Is.EqualTo(1u));
            Assert.That(syn.Header.Flags & YamuxFlags.Syn, Is.EqualTo(YamuxFlags.Syn));
            Assert.That(data.Header.StreamId, Is.EqualTo(1u));
            Assert.That(data.Body, Is.EqualTo("abc"u8.ToArray()));
        });
        stream.Reset();
    }

    /// <summary>A server opens even stream IDs.</summary>
    [Test]
    [Requirement("YAMUX-ID-001")]
    [Requirement("YAMUX-ID-004")]
    public async Task Server_opens_even_increasing_streams()
    {
        var (session, peer) = Start(isClient: false);
        IMuxedStream first = await session.OpenStreamAsync(Ct);
        IMuxedStream second = await session.OpenStreamAsync(Ct);
        var a = await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Syn) != 0 && h.StreamId != 0, Ct);
        var b = await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Syn) != 0 && h.StreamId != 0, Ct);
        Assert.That(new[] { a.Header.StreamId, b.Header.StreamId }, Is.EqualTo(new[] { 2u, 4u }));
        first.Reset();
        second.Reset();
    }

    /// <summary>A ping with SYN is answered by a ping with ACK and the same opaque value.</summary>
    [Test]
    [Requirement("YAMUX-PING-001")]
    [Requirement("YAMUX-ID-003")]
    public async Task Ping_is_answered_with_the_same_opaque_value()
    {
        var (_, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 0xDEADBEEF, Ct);
        var pong = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Ping && (h.Flags & YamuxFlags.Ack) != 0, Ct);
        Assert.That(pong.Header.Length, Is.EqualTo(0xDEADBEEF));
        Assert.That(pong.Header.StreamId, Is.Zero);
    }

    /// <summary>Accepting an inbound stream sends ACK, before any data of ours.</summary>
    [Test]
    [Requirement("YAMUX-OPEN-002")]
    [Requirement("YAMUX-ACK-003")]
    public async Task Accepting_a_stream_sends_ack()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 1, 0, Ct);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 1 }, Ct);
        var first = await peer.ExpectYamuxAsync(h => h.StreamId == 1, Ct);
        Assert.That(first.Header.Flags & YamuxFlags.Ack, Is.EqualTo(YamuxFlags.Ack));
        stream.Reset();
    }

    /// <summary>A frame whose version is not 0 ends the session with GoAway(protocol error).</summary>
    [Test]
    [Requirement("YAMUX-HDR-004")]
    [Requirement("YAMUX-GOAWAY-004")]
    [Requirement("MUXER-SESSION-002")]
    public async Task Unknown_version_is_a_protocol_error()
    {
        var (session, peer) = Start();
        byte[] frame = new byte[12];
        new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 1).Write(frame);
        frame[0] = 1;
        await peer.SendAsync(frame, Ct);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>A frame of unknown type ends the session with GoAway(protocol error).</summary>
    [Test]
    [Requirement("YAMUX-HDR-006")]
    [Requirement("YAMUX-GOAWAY-002")]
    public async Task Unknown_type_is_a_protocol_error()
    {
        var (session, peer) = Start();
        byte[] frame = new byte[12];
        frame[1] = 7;
        await peer.SendAsync(frame, Ct);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>Data beyond the 256 KiB initial window ends the session instead of being buffered.</summary>
    [Test]
    [Requirement("YAMUX-HDR-012")]
    [Requirement("YAMUX-FLOW-001")]
    public async Task Data_beyond_the_window_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Syn, 1, YamuxOptions.InitialWindowSize, Ct, new byte[YamuxOptions.InitialWindowSize]);
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.None, 1, 1, Ct, new byte[1]);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>A claimed length far beyond any window fails at once, without waiting for (or buffering) the body.</summary>
    [Test]
    [Requirement("YAMUX-HDR-012")]
    [Requirement("MUXER-SESSION-002")]
    public async Task Huge_claimed_length_fails_without_the_body()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Syn, 1, uint.MaxValue, Ct);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>A SYN with the receiver's own parity, or for a stream already open, is a protocol error.</summary>
    [TestCase(2u, false)]
    [TestCase(1u, true)]
    [Requirement("YAMUX-ID-005")]
    public async Task Bad_syn_is_a_protocol_error(uint streamId, bool duplicate)
    {
        var (session, peer) = Start(isClient: false);
        if (duplicate)
        {
            await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, streamId, 0, Ct);
        }
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, streamId, 0, Ct);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>Stream frames on stream ID 0 are a protocol error.</summary>
    [Test]
    [Requirement("YAMUX-ID-002")]
    public async Task Stream_frame_on_id_zero_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 0, 0, Ct);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>Data after the remote's FIN is a protocol error.</summary>
    [Test]
    [Requirement("YAMUX-CLOSE-006")]
    public async Task Data_after_fin_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Syn | YamuxFlags.Fin, 1, 2, Ct, [1, 2]);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        Assert.That(await StreamIO.ReadToEndAsync(stream.Input, Ct), Is.EqualTo(new byte[] { 1, 2 }));
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.None, 1, 1, Ct, [3]);
        await ExpectProtocolErrorAsync(session, peer);
    }

    /// <summary>
    /// Beyond 256 unaccepted inbound streams, SYNs are refused with RST and the session carries on.
    /// </summary>
    [Test]
    [Requirement("YAMUX-ACK-002")]
    [Requirement("YAMUX-ACK-004")]
    [Requirement("YAMUX-OPEN-003")]
    [Requirement("MUXER-SESSION-003")]
    public async Task Syn_flood_beyond_the_backlog_is_refused_with_rst()
    {
        var (session, peer) = Start();
        const int total = 300;
        for (uint i = 0; i < total; i++)
        {
            await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2 * i + 1, 0, Ct);
        }
        HashSet<uint> reset = [];
        while (reset.Count < total - 256)
        {
            var frame = await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Rst) != 0, Ct);
            reset.Add(frame.Header.StreamId);
        }
        Assert.That(reset.Min(), Is.EqualTo(2 * 256 + 1));
        await peer.SendYamuxAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 77, Ct);
        await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Ping && h.Length == 77, Ct);
        IMuxedStream first = await session.AcceptStreamAsync(Ct);
        Assert.That(first.Id, Is.EqualTo(1));
    }

    /// <summary>Inbound streams beyond the configured maximum are reset, without ending the session.</summary>
    [Test]
    [Requirement("MUXER-SESSION-003")]
    public async Task Inbound_streams_beyond_the_maximum_are_reset()
    {
        var (session, peer) = Start(options: new YamuxOptions { MaxInboundStreams = 3 });
        for (uint id = 1; id <= 7; id += 2)
        {
            await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0, Ct);
        }
        for (int i = 0; i < 3; i++)
        {
            await session.AcceptStreamAsync(Ct);
        }
        var rst = await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Rst) != 0, Ct);
        Assert.That(rst.Header.StreamId, Is.EqualTo(7u));
        Assert.That(session.Completion.IsCompleted, Is.False);
    }
}
