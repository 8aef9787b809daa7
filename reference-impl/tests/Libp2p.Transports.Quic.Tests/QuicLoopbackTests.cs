using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Our QUIC client against our QUIC server over loopback UDP.</summary>
public sealed class QuicLoopbackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    internal static async Task EchoAsync(IMuxedStream stream, CancellationToken token)
    {
        while (true)
        {
            ReadResult result = await stream.Input.ReadAsync(token);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                await stream.Output.WriteAsync(segment, token);
            }
            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        await stream.Output.CompleteAsync();
    }

    internal static async Task<byte[]> SendAndReceiveAsync(IMuxedStream stream, byte[] payload, CancellationToken token)
    {
        Task write = Task.Run(async () =>
        {
            for (int i = 0; i < payload.Length; i += 16384)
            {
                await stream.Output.WriteAsync(payload.AsMemory(i, Math.Min(16384, payload.Length - i)), token);
            }
            await stream.Output.CompleteAsync();
        }, token);
        var received = new ArrayBufferWriter<byte>(payload.Length);
        while (true)
        {
            ReadResult result = await stream.Input.ReadAsync(token);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        await write;
        return received.WrittenSpan.ToArray();
    }

    internal static async Task ServeEchoAsync(QuicConnection connection, CancellationToken token)
    {
        var echoes = new List<Task>();
        try
        {
            while (true)
            {
                IMuxedStream stream = await connection.AcceptStreamAsync(token);
                echoes.Add(Task.Run(async () =>
                {
                    await EchoAsync(stream, token);
                    await stream.DisposeAsync();
                }, token));
            }
        }
        catch (Exception ex) when (ex is MuxerClosedException or OperationCanceledException)
        {
            // connection finished
        }
        await Task.WhenAll(echoes);
    }

    [Test]
    [Requirement("QUIC-CONN-001")]
    [Requirement("QUIC-TLS-005")]
    public async Task Dial_Handshakes_AuthenticatesBothPeers_AndEchoesConcurrentStreams()
    {
        using var cts = new CancellationTokenSource(Timeout);
        PrivateKey serverKey = PrivateKey.Generate(KeyType.Ed25519);
        PrivateKey clientKey = PrivateKey.Generate(KeyType.Ed25519);
        await using var server = new QuicTransport(serverKey);
        await using var client = new QuicTransport(clientKey);
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, PeerId.FromPublicKey(serverKey.PublicKey), cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        Assert.That(dialed.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(serverKey.PublicKey)));
        Assert.That(accepted.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(clientKey.PublicKey)));
        Task serve = ServeEchoAsync(accepted, cts.Token);

        var payloads = Enumerable.Range(0, 16).Select(_ => RandomNumberGenerator.GetBytes(256 * 1024)).ToArray();
        byte[][] echoed = await Task.WhenAll(payloads.Select(async p =>
        {
            IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
            byte[] back = await SendAndReceiveAsync(stream, p, cts.Token);
            await stream.DisposeAsync();
            return back;
        }));
        for (int i = 0; i < payloads.Length; i++)
        {
            Assert.That(echoed[i], Is.EqualTo(payloads[i]), $"stream {i}");
        }
        await dialed.CloseAsync(cts.Token);
        await accepted.Completion.WaitAsync(cts.Token);
        await serve.WaitAsync(cts.Token);
    }

    [Test]
    [Requirement("QUIC-TLS-005")]
    public async Task Dial_WithTheWrongExpectedPeer_FailsWithPeerIdMismatch()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        PeerId wrong = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        Assert.ThrowsAsync<PeerIdMismatchException>(async () => await client.DialAsync(listener.LocalAddress, wrong, cts.Token));
    }
}
