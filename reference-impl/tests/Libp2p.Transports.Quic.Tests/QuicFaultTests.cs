using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Protocols.Perf;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Loss, reordering and duplication through <see cref="FaultyDatagramSocket"/>, and hostile datagrams.</summary>
public sealed class QuicFaultTests
{
    [TestCase(0.01, 0.0, 0.0, 1)]
    [TestCase(0.05, 0.05, 0.05, 2)]
    [TestCase(0.10, 0.02, 0.02, 3)]
    [Requirement("QUIC-LOSS-001")]
    public async Task Transfer_SurvivesLossReorderingAndDuplication(double loss, double duplication, double reordering, int seed)
    {
        QuicTransportOptions Faulty(int s) => new()
        {
            SocketWrapper = socket => new FaultyDatagramSocket(socket, loss, duplication, reordering, s),
            HandshakeTimeout = TimeSpan.FromSeconds(30),
        };
        PerfResult result = await QuicThroughputTests.TransferAsync(1 << 20, 1 << 20, Faulty(seed), Faulty(seed + 100));
        Assert.That((result.UploadedBytes, result.DownloadedBytes), Is.EqualTo((1L << 20, 1L << 20)));
    }

    [Test]
    [Requirement("QUIC-HOSTILE-001")]
    public async Task GarbageTruncatedAndUnknownVersionDatagrams_LeaveNoState_AndTheListenerStillWorks()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        QuicAddress.TryParse(listener.LocalAddress, out IPEndPoint? target, out _);
        using var attacker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            byte[] junk = new byte[random.Next(1, 1500)];
            random.NextBytes(junk);
            if (i % 3 == 0 && junk.Length >= 1200)
            {
                // Looks like a v1 Initial (long header, version 1, 8-byte DCID) but is not protected correctly.
                junk[0] = 0xc3;
                junk[1] = 0; junk[2] = 0; junk[3] = 0; junk[4] = 1;
                junk[5] = 8;
            }
            await attacker.SendAsync(junk, target!, cts.Token);
        }
        // Unknown version, padded to 1200: the server answers with Version Negotiation listing v1 (RFC 9000 §6.1).
        byte[] unknown = new byte[1200];
        unknown[0] = 0xc0;
        unknown[1] = 0x1a; unknown[2] = 0x2a; unknown[3] = 0x3a; unknown[4] = 0x4a;
        unknown[5] = 8;
        RandomNumberGenerator.Fill(unknown.AsSpan(6, 8));
        unknown[14] = 4;
        await attacker.SendAsync(unknown, target!, cts.Token);
        // Random junk with an unknown version also earns Version Negotiation, and junk with a short header a
        // stateless reset (RFC 9000 §10.3): find the answer to ours.
        UdpReceiveResult vn;
        do
        {
            vn = await attacker.ReceiveAsync(cts.Token);
            if ((vn.Buffer[0] & 0x80) == 0)
            {
                Assert.That(vn.Buffer.Length, Is.InRange(21, 1498), "a stateless reset is at least 21 bytes and smaller than its trigger");
            }
        }
        while ((vn.Buffer[0] & 0x80) == 0 || !vn.Buffer.AsSpan(6, vn.Buffer[5]).SequenceEqual(unknown.AsSpan(15, 4)));
        Assert.That(vn.Buffer[0] & 0x80, Is.EqualTo(0x80));
        Assert.That(vn.Buffer.AsSpan(1, 4).ToArray(), Is.EqualTo(new byte[4]), "version 0 marks Version Negotiation");
        Assert.That(vn.Buffer.AsSpan(vn.Buffer.Length - 4).ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 1 }));
        Assert.That(vn.Buffer.AsSpan(6, vn.Buffer[5]).ToArray(), Is.EqualTo(unknown.AsSpan(15, 4).ToArray()), "the connection IDs are swapped");

        Assert.That(server.ConnectionCount, Is.Zero, "unauthenticated datagrams must not create connection state");

        // A real client still gets through.
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        Assert.That(accepted.RemotePeer, Is.EqualTo(client.LocalPeer));
    }

    [Test]
    [Requirement("QUIC-RETRY-001")]
    public async Task ForgedRetryAndVersionNegotiation_AreIgnoredByTheClient()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        ForgingDatagramSocket? forging = null;
        var options = new QuicTransportOptions { SocketWrapper = socket => forging = new ForgingDatagramSocket(socket) };
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), options);
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, server.LocalPeer, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        Assert.That(forging!.Forged, Is.EqualTo(1));
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        Task serve = Task.Run(async () =>
        {
            IMuxedStream s = await accepted.AcceptStreamAsync(cts.Token);
            await QuicLoopbackTests.EchoAsync(s, cts.Token);
            await s.DisposeAsync();
        }, cts.Token);
        byte[] payload = RandomNumberGenerator.GetBytes(10_000);
        Assert.That(await QuicLoopbackTests.SendAndReceiveAsync(stream, payload, cts.Token), Is.EqualTo(payload));
        await stream.DisposeAsync();
        await serve;
    }

    [Test]
    [Requirement("QUIC-FLOW-001")]
    public async Task SendingBeyondTheStreamWindow_IsClosedWithFlowControlError()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var small = new QuicTransportOptions { StreamReceiveWindow = 64 * 1024, MaxStreamReceiveWindow = 64 * 1024 };
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), small);
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        // Misbehave: ignore the 64 KiB the server granted and send 256 KiB on the stream (server never reads).
        dialed.OverrideSendCredit(long.MaxValue / 4, long.MaxValue / 4);
        await stream.Output.WriteAsync(new byte[256 * 1024], cts.Token);
        await dialed.Completion.WaitAsync(cts.Token);
        Assert.That(dialed.CloseError, Is.Not.Null);
        Assert.That(dialed.CloseError!.Code, Is.EqualTo(QuicTransportError.FlowControlError));
        Assert.That(dialed.CloseError.IsRemote, Is.True);
        Assert.That(accepted.CloseError!.Code, Is.EqualTo(QuicTransportError.FlowControlError));
    }
}
