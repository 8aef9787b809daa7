using CsCheck;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Yamux;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>Yamux flow control, backlog, GoAway and garbage input on the wire (libp2p/specs yamux/README.md).</summary>
public sealed class YamuxFlowWireTests : WireTestBase
{
    private (YamuxSession Session, RawPeer Peer) Start(bool isClient = true, YamuxOptions? options = null)
    {
        var (local, peer) = Connect();
        return (Own(new YamuxSession(local, isClient, options)), peer);
    }

    /// <summary>
    /// The sender never has more payload in flight than the window: exactly 256 KiB before any update, then
    /// exactly what each window update grants.
    /// </summary>
    [Test]
    [Requirement("YAMUX-FLOW-001")]
    [Requirement("YAMUX-FLOW-003")]
    [Requirement("YAMUX-FLOW-006")]
    [Requirement("YAMUX-FLOW-007")]
    [Requirement("MUXER-STREAM-004")]
    public async Task Sender_respects_the_window()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        Task writing = StreamIO.WriteAsync(stream.Output, StreamIO.Payload(4 * 1024 * 1024, 1), Ct, complete: true);
        long received = 0;
        long credit = YamuxOptions.InitialWindowSize;
        uint[] grants = [64 * 1024, 1, 200 * 1024];
        foreach (uint grant in grants)
        {
            while (received < credit)
            {
                var frame = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Data && h.StreamId == 1, Ct);
                received += frame.Body.Length;
                Assert.That(received, Is.LessThanOrEqualTo(credit), "payload beyond the granted window");
            }
            Assert.That(writing.IsCompleted, Is.False, "a 4 MiB write cannot finish within the granted window and the 1 MiB stream buffer");
            credit += grant;
            await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 1, grant, Ct);
        }
        // Keep reading until the RST: a data frame already being written when the stream is reset is still sent
        // whole (framing), and a peer that stopped reading would hold it, and the writer, forever.
        Task<(YamuxHeader Header, byte[] Body)> rst = peer.ExpectYamuxAsync(h => h.StreamId == 1 && (h.Flags & YamuxFlags.Rst) != 0, Ct);
        stream.Reset();
        Assert.That(async () => await writing, Throws.InstanceOf<StreamResetException>());
        await rst;
    }

    /// <summary>As the application reads, window updates let a sender continue past the initial window.</summary>
    [Test]
    [Requirement("YAMUX-FLOW-004")]
    public async Task Reading_sends_window_updates()
    {
        var (session, peer) = Start(options: new YamuxOptions { MeasureRtt = false });
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, YamuxOptions.InitialWindowSize, Ct, new byte[YamuxOptions.InitialWindowSize]);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        await StreamIO.ReadExactlyAsync(stream.Input, (int)YamuxOptions.InitialWindowSize, Ct);
        long granted = 0;
        while (granted < YamuxOptions.InitialWindowSize / 2)
        {
            var update = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.WindowUpdate && h.StreamId == 2, Ct);
            granted += update.Header.Length;
        }
        Assert.That(granted, Is.LessThanOrEqualTo(YamuxOptions.InitialWindowSize), "without an RTT estimate the window does not grow");
    }

    /// <summary>
    /// Auto-tuning: with a long RTT (the tester answers our ping late) and a fast reader, window updates grant
    /// more than was consumed, growing the window towards the maximum.
    /// </summary>
    [Test]
    [Requirement("YAMUX-FLOW-004")]
    [Requirement("YAMUX-PING-003")]
    public async Task Window_grows_when_a_window_drains_within_a_few_rtts()
    {
        var (session, peer) = Start();
        var ping = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Ping && (h.Flags & YamuxFlags.Syn) != 0, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        await peer.SendYamuxAsync(YamuxFrameType.Ping, YamuxFlags.Ack, 0, ping.Header.Length, Ct);
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, YamuxOptions.InitialWindowSize, Ct, new byte[YamuxOptions.InitialWindowSize]);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        await StreamIO.ReadExactlyAsync(stream.Input, (int)YamuxOptions.InitialWindowSize, Ct);
        long granted = 0;
        while (granted <= YamuxOptions.InitialWindowSize)
        {
            var update = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.WindowUpdate && h.StreamId == 2, Ct);
            granted += update.Header.Length;
        }
        Assert.That(((YamuxStream)stream).ReceiveWindow, Is.GreaterThan(YamuxOptions.InitialWindowSize));
    }

    /// <summary>RST from the remote fails the stream's reads and writes with a reset error.</summary>
    [Test]
    [Requirement("YAMUX-CLOSE-004")]
    [Requirement("YAMUX-CLOSE-005")]
    [Requirement("YAMUX-OPEN-005")]
    public async Task Remote_rst_fails_reads_and_writes()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 1 }, Ct);
        await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Data && h.StreamId == 1, Ct);
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, 1, 0, Ct);
        Assert.That(async () => await StreamIO.ReadToEndAsync(stream.Input, Ct), Throws.InstanceOf<StreamResetException>());
        Assert.That(async () =>
        {
            while (true)
            {
                await stream.Output.WriteAsync(new byte[16], Ct);
            }
        }, Throws.InstanceOf<StreamResetException>());
    }

    /// <summary>FIN from the remote ends our reads after the data while our direction stays writable.</summary>
    [Test]
    [Requirement("YAMUX-CLOSE-001")]
    [Requirement("YAMUX-CLOSE-002")]
    public async Task Remote_fin_ends_reads_and_keeps_writes_open()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await peer.SendYamuxAsync(YamuxFrameType.Data, YamuxFlags.Ack, 1, 3, Ct, [7, 8, 9]);
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Fin, 1, 0, Ct);
        Assert.That(await StreamIO.ReadToEndAsync(stream.Input, Ct), Is.EqualTo(new byte[] { 7, 8, 9 }));
        await stream.Output.WriteAsync(new byte[] { 4 }, Ct);
        await stream.Output.CompleteAsync();
        var data = await peer.ExpectYamuxAsync(h => h.Type == YamuxFrameType.Data && h.Length > 0, Ct);
        var fin = await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Fin) != 0, Ct);
        Assert.Multiple(() =>
        {
            Assert.That(data.Body, Is.EqualTo(new byte[] { 4 }));
            Assert.That(fin.Header.StreamId, Is.EqualTo(1u));
        });
    }

    /// <summary>At most 256 outbound streams are unacknowledged; the next open waits for an ACK.</summary>
    [Test]
    [Requirement("YAMUX-ACK-001")]
    public async Task Opening_beyond_the_ack_backlog_waits_for_an_ack()
    {
        var (session, peer) = Start();
        for (int i = 0; i < 256; i++)
        {
            await session.OpenStreamAsync(Ct);
        }
        for (int i = 0; i < 256; i++)
        {
            await peer.ExpectYamuxAsync(h => (h.Flags & YamuxFlags.Syn) != 0 && h.StreamId != 0, Ct);
        }
        Task<IMuxedStream> next = session.OpenStreamAsync(Ct).AsTask();
        Assert.That(next.IsCompleted, Is.False, "the 257th unacknowledged stream must wait");
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 1, 0, Ct);
        IMuxedStream opened = await next.WaitAsync(Ct);
        Assert.That(opened.Id, Is.EqualTo(2 * 256 + 1));
    }

    /// <summary>After GoAway we open no streams and refuse inbound SYNs; our close sends GoAway(normal).</summary>
    [Test]
    [Requirement("YAMUX-GOAWAY-001")]
    [Requirement("YAMUX-GOAWAY-002")]
    [Requirement("YAMUX-GOAWAY-003")]
    public async Task Go_away_stops_new_streams_and_close_sends_go_away()
    {
        var (session, peer) = Start();
        await peer.SendYamuxAsync(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.Normal, Ct);
        await peer.SendYamuxAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0, Ct);
        var rst = await peer.ExpectYamuxAsync(h => h.StreamId == 2, Ct);
        Assert.That(rst.Header.Flags & YamuxFlags.Rst, Is.EqualTo(YamuxFlags.Rst));
        Assert.That(async () => await session.OpenStreamAsync(Ct), Throws.InstanceOf<MuxerClosedException>());
        Assert.That(session.RemoteGoAwayCode, Is.EqualTo(YamuxGoAwayCode.Normal));
        await session.CloseAsync(Ct);
        List<YamuxHeader> rest = await peer.DrainYamuxAsync(Ct);
        Assert.That(rest, Has.Some.Matches<YamuxHeader>(h => h.Type == YamuxFrameType.GoAway && h.Length == 0));
    }

    /// <summary>A connection that ends inside a header ends the session with a typed error, not a hang.</summary>
    [Test]
    [Requirement("MUXER-SESSION-002")]
    public async Task Truncated_header_ends_the_session()
    {
        var (session, peer) = Start();
        await peer.SendAsync(new byte[] { 0, 1, 0 }, Ct);
        await peer.CloseAsync();
        await session.Completion.WaitAsync(Ct);
        Assert.That(session.TerminationReason, Is.InstanceOf<ProtocolViolationException>());
    }

    /// <summary>Random bytes never crash or hang a session: it answers, or ends with a typed error once the input ends.</summary>
    [Test]
    [Requirement("MUXER-SESSION-002")]
    public void Garbage_never_crashes_or_hangs()
    {
        Gen.Byte.Array[0, 600].Sample(garbage =>
        {
            var (local, remote) = Libp2p.Transports.Memory.DuplexPipePair.Create();
            YamuxSession session = new(local, isClient: true);
            RawPeer peer = new(remote);
            peer.SendAsync(garbage, Ct).Wait(Ct);
            peer.CloseAsync().AsTask().Wait(Ct);
            peer.DrainYamuxAsync(Ct).Wait(Ct);
            session.Completion.Wait(Ct);
            session.DisposeAsync().AsTask().Wait(Ct);
            bool typed = session.TerminationReason is null or Libp2pException;
            local.DisposeAsync().AsTask().Wait(Ct);
            remote.DisposeAsync().AsTask().Wait(Ct);
            return typed;
        }, iter: 200);
    }
}
