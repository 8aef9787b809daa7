using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Unidirectional streams between our client and server (RFC 9000 §2.1, §3, §4.6).</summary>
public sealed class QuicUnidirectionalStreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private sealed class Pair : IAsyncDisposable
    {
        public required QuicTransport Server { get; init; }
        public required QuicTransport Client { get; init; }
        public required QuicListener Listener { get; init; }
        public required QuicConnection Dialed { get; init; }
        public required QuicConnection Accepted { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Dialed.DisposeAsync();
            await Accepted.DisposeAsync();
            await Listener.DisposeAsync();
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private static async Task<Pair> ConnectAsync(QuicTransportOptions? serverOptions, CancellationToken token)
    {
        var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), serverOptions);
        var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), token);
        Task<QuicConnection> accept = listener.AcceptAsync(token).AsTask();
        QuicConnection dialed = await client.DialAsync(listener.LocalAddress, server.LocalPeer, token);
        QuicConnection accepted = await accept.WaitAsync(token);
        return new Pair { Server = server, Client = client, Listener = listener, Dialed = dialed, Accepted = accepted };
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader input, CancellationToken token)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult result = await input.ReadAsync(token);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.WrittenSpan.ToArray();
            }
        }
    }

    private static async Task SendOneWayAndCheckAsync(QuicConnection from, QuicConnection to, long expectedIdLowBits, CancellationToken token)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(300_000);
        QuicStream sending = await from.OpenUnidirectionalStreamAsync(token);
        Assert.That(sending.Id & 3, Is.EqualTo(expectedIdLowBits));
        // A send-only stream has nothing to read: its input ends at once.
        Assert.That(await ReadToEndAsync(sending.Input, token), Is.Empty);
        await sending.Output.WriteAsync(payload, token);
        await sending.Output.CompleteAsync();

        QuicStream receiving = await to.AcceptUnidirectionalStreamAsync(token);
        Assert.That(receiving.Id, Is.EqualTo(sending.Id));
        Assert.That(await ReadToEndAsync(receiving.Input, token), Is.EqualTo(payload));
        // A receive-only stream cannot carry data back.
        Assert.That(async () =>
        {
            await receiving.Output.WriteAsync(new byte[] { 1 }, token);
            await receiving.Output.FlushAsync(token);
        }, Throws.InstanceOf<Exception>());
        await receiving.DisposeAsync();
        await sending.DisposeAsync();
    }

    [Test]
    [Requirement("QUIC-STREAM-002")]
    public async Task UnidirectionalStreams_CarryDataOneWay_InBothDirections()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using Pair pair = await ConnectAsync(null, cts.Token);
        await SendOneWayAndCheckAsync(pair.Dialed, pair.Accepted, 0b10, cts.Token);
        await SendOneWayAndCheckAsync(pair.Accepted, pair.Dialed, 0b11, cts.Token);
        // Bidirectional streams are unaffected and unidirectional ones never show up as muxed streams.
        IMuxedStream bidi = await pair.Dialed.OpenStreamAsync(cts.Token);
        Task serve = QuicLoopbackTests.ServeEchoAsync(pair.Accepted, cts.Token);
        byte[] echoed = await QuicLoopbackTests.SendAndReceiveAsync(bidi, [1, 2, 3], cts.Token);
        Assert.That(echoed, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(bidi.Id & 3, Is.Zero);
        await bidi.DisposeAsync();
        await pair.Dialed.CloseAsync(cts.Token);
        await serve.WaitAsync(cts.Token);
    }

    [Test]
    [Requirement("QUIC-STREAM-002")]
    public async Task UnidirectionalStreamLimit_HoldsTheOpener_UntilThePeerFinishesOne()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using Pair pair = await ConnectAsync(new QuicTransportOptions { MaxIncomingUnidirectionalStreams = 2 }, cts.Token);
        QuicStream first = await pair.Dialed.OpenUnidirectionalStreamAsync(cts.Token);
        QuicStream second = await pair.Dialed.OpenUnidirectionalStreamAsync(cts.Token);
        Task<QuicStream> third = pair.Dialed.OpenUnidirectionalStreamAsync(cts.Token).AsTask();
        // Nothing can grant a third stream until the server has finished one of the first two.
        Assert.That(third.IsCompleted, Is.False);

        await first.Output.WriteAsync(new byte[] { 42 }, cts.Token);
        await first.Output.CompleteAsync();
        QuicStream accepted = await pair.Accepted.AcceptUnidirectionalStreamAsync(cts.Token);
        Assert.That(await ReadToEndAsync(accepted.Input, cts.Token), Is.EqualTo(new byte[] { 42 }));
        await accepted.DisposeAsync();

        QuicStream granted = await third.WaitAsync(cts.Token);
        Assert.That(granted.Id >> 2, Is.EqualTo(2));
        Assert.That(pair.Dialed.CloseError, Is.Null);
        Assert.That(pair.Accepted.CloseError, Is.Null);
        await second.DisposeAsync();
        await granted.DisposeAsync();
        await first.DisposeAsync();
    }

    [Test]
    [Requirement("QUIC-STREAM-002")]
    public async Task UnidirectionalStreams_ResetReachesTheReader_AndStopSendingReachesTheWriter()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using Pair pair = await ConnectAsync(null, cts.Token);

        // RESET_STREAM from the sender: the reader fails instead of seeing a clean end.
        QuicStream reset = await pair.Dialed.OpenUnidirectionalStreamAsync(cts.Token);
        await reset.Output.WriteAsync(new byte[1000], cts.Token);
        QuicStream resetReceiver = await pair.Accepted.AcceptUnidirectionalStreamAsync(cts.Token);
        reset.Reset();
        Assert.That(async () => await ReadToEndAsync(resetReceiver.Input, cts.Token), Throws.InstanceOf<StreamResetException>());

        // STOP_SENDING from the receiver: the sender's writes start failing.
        QuicStream stopped = await pair.Dialed.OpenUnidirectionalStreamAsync(cts.Token);
        await stopped.Output.WriteAsync(new byte[1000], cts.Token);
        QuicStream stopper = await pair.Accepted.AcceptUnidirectionalStreamAsync(cts.Token);
        stopper.Reset();
        Assert.That(async () =>
        {
            while (true)
            {
                await stopped.Output.WriteAsync(new byte[16384], cts.Token);
            }
        }, Throws.InstanceOf<Exception>().And.Not.InstanceOf<OperationCanceledException>());
        Assert.That(pair.Dialed.CloseError, Is.Null);
        Assert.That(pair.Accepted.CloseError, Is.Null);
        await resetReceiver.DisposeAsync();
        await stopper.DisposeAsync();
    }
}
