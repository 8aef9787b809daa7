using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>Half-close, reset and session end.</summary>
public abstract partial class MuxerConformanceSuite
{
    /// <summary>The dialer half-closes first and still reads the listener's answer.</summary>
    [Test]
    [Requirement("MUXER-CLOSE-001")]
    [Requirement("MUXER-CLOSE-002")]
    public async Task Half_close_by_dialer_keeps_the_other_direction_open()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        byte[] request = StreamIO.Payload(Size(20_000), 8);
        await StreamIO.WriteAsync(stream.Output, request, Ct, complete: true);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        byte[] gotRequest = await StreamIO.ReadToEndAsync(inbound.Input, Ct);
        byte[] response = StreamIO.Payload(Size(30_000), 9);
        await StreamIO.WriteAsync(inbound.Output, response, Ct, complete: true);
        byte[] gotResponse = await StreamIO.ReadToEndAsync(stream.Input, Ct);
        Assert.Multiple(() =>
        {
            Assert.That(gotRequest, Is.EqualTo(request));
            Assert.That(gotResponse, Is.EqualTo(response));
        });
        await stream.DisposeAsync();
        await inbound.DisposeAsync();
    }

    /// <summary>The listener half-closes first, before reading; the dialer sees end-of-stream and can still write.</summary>
    [Test]
    [Requirement("MUXER-CLOSE-001")]
    [Requirement("MUXER-CLOSE-002")]
    public async Task Half_close_by_listener_keeps_the_other_direction_open()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 42 }, Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        byte[] greeting = StreamIO.Payload(Size(5000), 10);
        await StreamIO.WriteAsync(inbound.Output, greeting, Ct, complete: true);
        Assert.That(await StreamIO.ReadToEndAsync(stream.Input, Ct), Is.EqualTo(greeting));
        byte[] late = StreamIO.Payload(Size(50_000), 11);
        await StreamIO.WriteAsync(stream.Output, late, Ct, complete: true);
        byte[] got = await StreamIO.ReadToEndAsync(inbound.Input, Ct);
        Assert.That(got, Is.EqualTo(new byte[] { 42 }.Concat(late).ToArray()));
        await stream.DisposeAsync();
        await inbound.DisposeAsync();
    }

    /// <summary>Writing after completing the output fails.</summary>
    [Test]
    [Requirement("MUXER-CLOSE-003")]
    public async Task Write_after_half_close_fails()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.CompleteAsync();
        Assert.That(() => stream.Output.GetMemory(16), Throws.InstanceOf<InvalidOperationException>());
        stream.Reset();
    }

    /// <summary>A reset in the middle of a transfer fails the remote reader with a reset error, not end-of-stream.</summary>
    [Test]
    [Requirement("MUXER-RESET-001")]
    public async Task Reset_mid_transfer_fails_the_remote_reader()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await StreamIO.WriteAsync(stream.Output, StreamIO.Payload(Size(64 * 1024), 12), Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        await StreamIO.ReadExactlyAsync(inbound.Input, 1, Ct);
        stream.Reset();
        Assert.That(async () => await StreamIO.ReadToEndAsync(inbound.Input, Ct), Throws.InstanceOf<StreamResetException>());
        Assert.That(async () => await StreamIO.ReadToEndAsync(stream.Input, Ct), Throws.InstanceOf<StreamResetException>());
        await stream.DisposeAsync();
    }

    /// <summary>A remote reset fails local writes and reads with a reset error.</summary>
    [Test]
    [Requirement("MUXER-RESET-001")]
    public async Task Remote_reset_fails_local_writes_and_reads()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 1, 2, 3 }, Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        inbound.Reset();
        Exception? failure = await WriteUntilFailureAsync(stream.Output);
        Assert.That(failure, Is.InstanceOf<StreamResetException>());
        Assert.That(async () => await StreamIO.ReadToEndAsync(stream.Input, Ct), Throws.InstanceOf<StreamResetException>());
        await stream.DisposeAsync();
    }

    /// <summary>Resetting one stream leaves another stream of the connection working.</summary>
    [Test]
    [Requirement("MUXER-RESET-002")]
    public async Task Reset_affects_no_other_stream()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream doomed = await pair.Dialer.OpenStreamAsync(Ct);
        await doomed.Output.WriteAsync(new byte[] { 9 }, Ct);
        IMuxedStream doomedInbound = await pair.Listener.AcceptStreamAsync(Ct);
        doomed.Reset();
        Assert.That(async () => await StreamIO.ReadToEndAsync(doomedInbound.Input, Ct), Throws.InstanceOf<StreamResetException>());
        Task server = EchoServerAsync(pair.Listener, 1);
        byte[] data = StreamIO.Payload(Size(40_000), 13);
        Assert.That(await RoundTripAsync(pair.Dialer, data), Is.EqualTo(data));
        await server.WaitAsync(Ct);
    }

    /// <summary>Disposing a stream that was not closed both ways resets it for the remote.</summary>
    [Test]
    [Requirement("MUXER-RESET-001")]
    public async Task Disposing_an_open_stream_resets_it()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 5 }, Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        await stream.DisposeAsync();
        Assert.That(async () => await StreamIO.ReadToEndAsync(inbound.Input, Ct), Throws.InstanceOf<StreamResetException>());
    }

    /// <summary>Closing the session ends pending reads on both ends instead of leaving them hanging.</summary>
    [Test]
    [Requirement("MUXER-SESSION-001")]
    public async Task Closing_the_session_ends_pending_reads()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 7 }, Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        await StreamIO.ReadExactlyAsync(inbound.Input, 1, Ct);
        Task<byte[]> remoteRead = StreamIO.ReadToEndAsync(inbound.Input, Ct);
        Task<byte[]> localRead = StreamIO.ReadToEndAsync(stream.Input, Ct);
        await pair.Dialer.CloseAsync(Ct);
        Assert.That(async () => await localRead, Throws.InstanceOf<Libp2pException>());
        Assert.That(async () => await remoteRead, Throws.InstanceOf<Libp2pException>());
        await pair.Listener.Completion.WaitAsync(Ct);
        Assert.That(async () => await pair.Listener.AcceptStreamAsync(Ct), Throws.InstanceOf<MuxerClosedException>());
        Assert.That(async () => await pair.Dialer.OpenStreamAsync(Ct), Throws.InstanceOf<MuxerClosedException>());
    }

    /// <summary>Losing the underlying connection fails reads, writes and accepts, and completes both sessions.</summary>
    [Test]
    [Requirement("MUXER-SESSION-001")]
    public async Task Dropping_the_connection_fails_streams_promptly()
    {
        MuxerPair pair = await CreateConnectedPairAsync();
        IMuxedStream stream = await pair.Dialer.OpenStreamAsync(Ct);
        await stream.Output.WriteAsync(new byte[] { 7 }, Ct);
        IMuxedStream inbound = await pair.Listener.AcceptStreamAsync(Ct);
        Task<byte[]> localRead = StreamIO.ReadToEndAsync(stream.Input, Ct);
        Task<IMuxedStream> accepting = pair.Listener.AcceptStreamAsync(Ct).AsTask();
        pair.Pipes.Listener.Abort();
        Assert.That(async () => await localRead, Throws.InstanceOf<Libp2pException>());
        Assert.That(async () => await accepting, Throws.InstanceOf<MuxerClosedException>());
        Assert.That(await WriteUntilFailureAsync(stream.Output), Is.InstanceOf<Libp2pException>());
        await pair.Dialer.Completion.WaitAsync(Ct);
        await pair.Listener.Completion.WaitAsync(Ct);
        Assert.That(async () => await StreamIO.ReadToEndAsync(inbound.Input, Ct), Throws.InstanceOf<Libp2pException>());
    }
}
