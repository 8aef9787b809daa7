using CsCheck;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Mplex;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>Mplex on the wire (libp2p/specs mplex/README.md): messages we send, and hostile messages we receive.</summary>
public sealed class MplexWireTests : WireTestBase
{
    private (MplexSession Session, RawPeer Peer) Start(MplexOptions? options = null)
    {
        var (local, peer) = Connect();
        return (Own(new MplexSession(local, options)), peer);
    }

    private async Task ExpectClosedWithViolationAsync(MplexSession session, RawPeer peer)
    {
        await peer.DrainMplexAsync(Ct);
        await session.Completion.WaitAsync(Ct);
        Assert.That(session.TerminationReason, Is.InstanceOf<ProtocolViolationException>());
    }

    /// <summary>Opening sends NewStream with a name, data goes in MessageInitiator, half-close in CloseInitiator.</summary>
    [Test]
    [Requirement("MPLEX-MSG-001")]
    [Requirement("MPLEX-MSG-002")]
    [Requirement("MPLEX-MSG-003")]
    [Requirement("MPLEX-OPEN-001")]
    [Requirement("MPLEX-CLOSE-001")]
    [Requirement("MPLEX-ID-003")]
    public async Task Opener_sends_new_stream_then_initiator_messages()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await StreamIO.WriteAsync(stream.Output, "hi"u8.ToArray(), Ct, complete: true);
        var open = (await peer.ReadMplexAsync(Ct))!.Value;
        var data = (await peer.ReadMplexAsync(Ct))!.Value;
        var close = (await peer.ReadMplexAsync(Ct))!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(open.Header.Flag, Is.EqualTo(MplexFlag.NewStream));
            Assert.That(open.Header.StreamId, Is.EqualTo((ulong)stream.Id));
            Assert.That(data.Header, Is.EqualTo(new MplexFrameHeader((ulong)stream.Id, MplexFlag.MessageInitiator, 2)));
            Assert.That(data.Body, Is.EqualTo("hi"u8.ToArray()));
            Assert.That(close.Header, Is.EqualTo(new MplexFrameHeader((ulong)stream.Id, MplexFlag.CloseInitiator, 0)));
        });
        stream.Reset();
    }

    /// <summary>A remotely opened stream is answered with Receiver flags; the same ID opened by both sides names two streams.</summary>
    [Test]
    [Requirement("MPLEX-ID-001")]
    [Requirement("MPLEX-ID-003")]
    [Requirement("MPLEX-DATA-001")]
    [Requirement("MPLEX-CLOSE-003")]
    [Requirement("MPLEX-CLOSE-004")]
    [Requirement("MPLEX-OPEN-002")]
    public async Task Receiver_side_uses_receiver_flags_and_ids_are_scoped_by_opener()
    {
        var (session, peer) = Start();
        IMuxedStream ours = await session.OpenStreamAsync(Ct);
        await peer.SendMplexAsync(0, MplexFlag.NewStream, [], Ct);
        await peer.SendMplexAsync(0, MplexFlag.MessageInitiator, [1, 2], Ct);
        await peer.SendMplexAsync(0, MplexFlag.CloseInitiator, [], Ct);
        await peer.SendMplexAsync(0, MplexFlag.MessageReceiver, [9], Ct);
        IMuxedStream theirs = await session.AcceptStreamAsync(Ct);
        Assert.That(theirs.Id, Is.EqualTo(ours.Id));
        Assert.That(await StreamIO.ReadToEndAsync(theirs.Input, Ct), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(await StreamIO.ReadExactlyAsync(ours.Input, 1, Ct), Is.EqualTo(new byte[] { 9 }));
        await StreamIO.WriteAsync(theirs.Output, new byte[] { 3 }, Ct, complete: true);
        var reply = await ExpectAsync(peer, h => h.Flag == MplexFlag.MessageReceiver);
        var close = await ExpectAsync(peer, h => h.Flag == MplexFlag.CloseReceiver);
        Assert.Multiple(() =>
        {
            Assert.That(reply.Body, Is.EqualTo(new byte[] { 3 }));
            Assert.That(close.Header.StreamId, Is.Zero);
        });
        ours.Reset();
    }

    /// <summary>Writes larger than a message are split so no message exceeds 1 MiB.</summary>
    [Test]
    [Requirement("MPLEX-MSG-007")]
    public async Task Large_writes_are_split_below_the_limit()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        byte[] data = StreamIO.Payload(3 * 1024 * 1024, 3);
        Task writing = StreamIO.WriteAsync(stream.Output, data, Ct, chunk: data.Length, complete: true);
        long total = 0;
        while (total < data.Length)
        {
            var message = await ExpectAsync(peer, h => h.Flag == MplexFlag.MessageInitiator);
            Assert.That(message.Body, Has.Length.LessThanOrEqualTo(MplexFrameHeader.MaxMessageSize));
            total += message.Body.Length;
        }
        await writing.WaitAsync(Ct);
        Assert.That(total, Is.EqualTo(data.Length));
    }

    /// <summary>Flag 7 closes the session.</summary>
    [Test]
    [Requirement("MPLEX-MSG-004")]
    [Requirement("MUXER-SESSION-002")]
    public async Task Flag_seven_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendAsync(new byte[] { (3 << 3) | 7, 0 }, Ct);
        await ExpectClosedWithViolationAsync(session, peer);
    }

    /// <summary>A message announcing more than 1 MiB closes the session before any body byte arrives.</summary>
    [Test]
    [Requirement("MPLEX-MSG-005")]
    public async Task Oversized_message_closes_without_buffering()
    {
        var (session, peer) = Start();
        await peer.SendAsync(new byte[] { 0, 0 }, Ct);
        byte[] header = new byte[MplexFrameHeader.MaxSize];
        int n = new MplexFrameHeader(0, MplexFlag.MessageInitiator, MplexFrameHeader.MaxMessageSize + 1).Write(header);
        await peer.SendAsync(header.AsMemory(0, n), Ct);
        await ExpectClosedWithViolationAsync(session, peer);
    }

    /// <summary>Over-long varints close the session.</summary>
    [Test]
    [Requirement("MPLEX-MSG-006")]
    public async Task Overlong_varint_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendAsync(Enumerable.Repeat((byte)0xFF, 10).ToArray(), Ct);
        await ExpectClosedWithViolationAsync(session, peer);
    }

    /// <summary>A second NewStream for an open stream closes the session.</summary>
    [Test]
    [Requirement("MPLEX-OPEN-003")]
    public async Task Duplicate_new_stream_is_a_protocol_error()
    {
        var (session, peer) = Start();
        await peer.SendMplexAsync(5, MplexFlag.NewStream, [], Ct);
        await peer.SendMplexAsync(5, MplexFlag.NewStream, [], Ct);
        await ExpectClosedWithViolationAsync(session, peer);
    }

    /// <summary>Messages for unknown streams are discarded and the session goes on.</summary>
    [Test]
    [Requirement("MPLEX-DATA-002")]
    public async Task Messages_for_unknown_streams_are_discarded()
    {
        var (session, peer) = Start();
        await peer.SendMplexAsync(40, MplexFlag.MessageInitiator, new byte[1000], Ct);
        await peer.SendMplexAsync(41, MplexFlag.ResetReceiver, [], Ct);
        await peer.SendMplexAsync(1, MplexFlag.NewStream, [], Ct);
        await peer.SendMplexAsync(1, MplexFlag.MessageInitiator, [4], Ct);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        Assert.That(await StreamIO.ReadExactlyAsync(stream.Input, 1, Ct), Is.EqualTo(new byte[] { 4 }));
        Assert.That(session.Completion.IsCompleted, Is.False);
    }

    /// <summary>Inbound streams beyond the maximum are reset, and the session goes on.</summary>
    [Test]
    [Requirement("MPLEX-OPEN-004")]
    [Requirement("MUXER-SESSION-003")]
    public async Task Streams_beyond_the_maximum_are_reset()
    {
        var (session, peer) = Start(new MplexOptions { MaxInboundStreams = 2 });
        for (ulong id = 0; id < 3; id++)
        {
            await peer.SendMplexAsync(id, MplexFlag.NewStream, [], Ct);
        }
        var reset = await ExpectAsync(peer, h => h.Flag == MplexFlag.ResetReceiver);
        Assert.That(reset.Header.StreamId, Is.EqualTo(2UL));
        await session.AcceptStreamAsync(Ct);
        await session.AcceptStreamAsync(Ct);
        Assert.That(session.Completion.IsCompleted, Is.False);
    }

    /// <summary>A reader that falls too far behind gets its stream reset instead of unbounded buffering.</summary>
    [Test]
    [Requirement("MPLEX-SLOW-001")]
    [Requirement("MUXER-STREAM-005")]
    public async Task Slow_reader_beyond_the_buffer_limit_is_reset()
    {
        var (session, peer) = Start(new MplexOptions { MaxStreamBuffer = 64 * 1024, SlowReaderTimeout = TimeSpan.FromMilliseconds(200) });
        await peer.SendMplexAsync(0, MplexFlag.NewStream, [], Ct);
        IMuxedStream stream = await session.AcceptStreamAsync(Ct);
        for (int i = 0; i < 3; i++)
        {
            await peer.SendMplexAsync(0, MplexFlag.MessageInitiator, new byte[32 * 1024], Ct);
        }
        var reset = await ExpectAsync(peer, h => h.Flag == MplexFlag.ResetReceiver);
        Assert.That(reset.Header.StreamId, Is.Zero);
        Assert.That(async () => await StreamIO.ReadToEndAsync(stream.Input, Ct), Throws.InstanceOf<StreamResetException>());
        await peer.SendMplexAsync(1, MplexFlag.NewStream, [], Ct);
        await session.AcceptStreamAsync(Ct);
    }

    /// <summary>A remote reset fails reads and writes with reset errors, not end-of-stream.</summary>
    [Test]
    [Requirement("MPLEX-RESET-001")]
    [Requirement("MPLEX-RESET-003")]
    public async Task Remote_reset_fails_the_stream()
    {
        var (session, peer) = Start();
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await peer.SendMplexAsync((ulong)stream.Id, MplexFlag.ResetReceiver, [], Ct);
        Assert.That(async () => await StreamIO.ReadToEndAsync(stream.Input, Ct), Throws.InstanceOf<StreamResetException>());
        Assert.That(async () =>
        {
            while (true)
            {
                await stream.Output.WriteAsync(new byte[16], Ct);
            }
        }, Throws.InstanceOf<StreamResetException>());
    }

    /// <summary>Random bytes never crash or hang a session.</summary>
    [Test]
    [Requirement("MUXER-SESSION-002")]
    public void Garbage_never_crashes_or_hangs()
    {
        Gen.Byte.Array[0, 600].Sample(garbage =>
        {
            var (local, remote) = Libp2p.Transports.Memory.DuplexPipePair.Create();
            MplexSession session = new(local);
            RawPeer peer = new(remote);
            peer.SendAsync(garbage, Ct).Wait(Ct);
            peer.CloseAsync().AsTask().Wait(Ct);
            try
            {
                peer.DrainMplexAsync(Ct).Wait(Ct);
            }
            catch (AggregateException e) when (e.InnerException is InvalidDataException)
            {
                // Our answers (resets of refused streams) must always be well-formed mplex.
                return false;
            }
            session.Completion.Wait(Ct);
            session.DisposeAsync().AsTask().Wait(Ct);
            bool typed = session.TerminationReason is null or Libp2pException;
            local.DisposeAsync().AsTask().Wait(Ct);
            remote.DisposeAsync().AsTask().Wait(Ct);
            return typed;
        }, iter: 200);
    }

    private async Task<(MplexFrameHeader Header, byte[] Body)> ExpectAsync(RawPeer peer, Func<MplexFrameHeader, bool> match)
    {
        while (true)
        {
            var message = await peer.ReadMplexAsync(Ct) ?? throw new EndOfStreamException("connection closed before the expected message");
            if (match(message.Header))
            {
                return message;
            }
        }
    }
}
