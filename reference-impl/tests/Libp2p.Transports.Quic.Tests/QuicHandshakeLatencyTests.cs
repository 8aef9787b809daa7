using System.Diagnostics;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Round trips of connection establishment plus a first 1-byte stream exchange.</summary>
public sealed class QuicHandshakeLatencyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    [Requirement("QUIC-CONN-002")]
    public async Task Dial_TakesOneRoundTrip_AndTheClientSendsStreamDataWithoutWaitingForHandshakeDone()
    {
        using var cts = new CancellationTokenSource(Timeout);
        DelayingDatagramSocket? serverSocket = null, clientSocket = null;
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { SocketWrapper = s => serverSocket = new DelayingDatagramSocket(s, TimeSpan.Zero) { HoldOneRtt = true } });
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { SocketWrapper = s => clientSocket = new DelayingDatagramSocket(s, TimeSpan.Zero) });
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        // The server's 1-RTT datagrams (HANDSHAKE_DONE among them) are held back: the client must complete the
        // dial and deliver stream data on the strength of its own Finished (RFC 9001 §4.1.2).
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        await stream.Output.WriteAsync(new byte[] { 7 }, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        IMuxedStream inbound = await accepted.AcceptStreamAsync(cts.Token);
        System.IO.Pipelines.ReadResult read = await inbound.Input.ReadAsync(cts.Token);
        Assert.That(read.Buffer.FirstSpan[0], Is.EqualTo(7));
        inbound.Input.AdvanceTo(read.Buffer.End);
        string[] serverSent = Types(serverSocket!);
        string[] clientSent = Types(clientSocket!);
        Assert.That(serverSent[0], Is.EqualTo("I+H"), "the server's whole first flight in one datagram");
        Assert.That(serverSent.Skip(1), Has.All.EqualTo("1"), "nothing but 1-RTT from the server after its first flight");
        Assert.That(clientSent[0], Is.EqualTo("I"));
        Assert.That(clientSent[1], Does.StartWith("I+H"), "the client's Finished flight answers the server's first flight");
        Assert.That(clientSent.Skip(2), Has.All.EqualTo("1"));
        serverSocket!.ReleaseHeld();
        await inbound.Output.WriteAsync(new byte[] { 8 }, cts.Token);
        read = await stream.Input.ReadAsync(cts.Token);
        Assert.That(read.Buffer.FirstSpan[0], Is.EqualTo(8));
        stream.Input.AdvanceTo(read.Buffer.End);
        Assert.That(dialed.PacketCounters.Ptos + accepted.PacketCounters.Ptos, Is.Zero, "no probe timeouts");
    }

    [Test]
    [Requirement("QUIC-TLS-008")]
    public async Task HandshakePacketsBeforeTheirKeys_AreBuffered_NotDroppedUntilAProbeTimeout()
    {
        using var cts = new CancellationTokenSource(Timeout);
        ReorderingFlightSocket? serverSocket = null;
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { SocketWrapper = s => serverSocket = new ReorderingFlightSocket(s) });
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        await stream.Output.WriteAsync(new byte[] { 7 }, cts.Token);
        IMuxedStream inbound = await accepted.AcceptStreamAsync(cts.Token);
        System.IO.Pipelines.ReadResult read = await inbound.Input.ReadAsync(cts.Token);
        Assert.That(read.Buffer.FirstSpan[0], Is.EqualTo(7));
        inbound.Input.AdvanceTo(read.Buffer.End);
        Assert.That(serverSocket!.Reordered, Is.GreaterThanOrEqualTo(1), "the server's Handshake packet went out before its Initial");
        Assert.That(dialed.PacketsBuffered, Is.GreaterThanOrEqualTo(1), "the client kept the early Handshake packet");
        Assert.That(dialed.PacketCounters.Ptos + accepted.PacketCounters.Ptos, Is.Zero, "nothing waited for a probe timeout");
    }

    [Test]
    [Requirement("QUIC-TLS-004")]
    public async Task Transport_WarmsUpTheHandshakeWithItsOwnCertificate()
    {
        await using var transport = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        Assert.That(await transport.WarmUp.WaitAsync(Timeout), Is.True);
        await using var off = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { WarmUpHandshake = false });
        Assert.That(off.WarmUp.IsCompletedSuccessfully, Is.True);
    }

    private static string[] Types(DelayingDatagramSocket socket) => [.. socket.Sent.Select(d => d.Types)];

    [Test]
    [Explicit("diagnostic: prints the datagram trace of three dials with a 1-byte echo (QUIC_TRACE_DELAY_MS one-way, default 25)")]
    public async Task Trace_DialAndOneByteEcho_OverDelayedPath()
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("QUIC_TRACE_DELAY_MS"), out int ms) ? ms : 25);
        for (int round = 0; round < 3; round++)
        {
            await TraceOnceAsync(delay);
        }
    }

    private static async Task TraceOnceAsync(TimeSpan delay)
    {
        using var cts = new CancellationTokenSource(Timeout);
        DelayingDatagramSocket? serverSocket = null, clientSocket = null;
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { SocketWrapper = s => serverSocket = new DelayingDatagramSocket(s, delay) });
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), new QuicTransportOptions { SocketWrapper = s => clientSocket = new DelayingDatagramSocket(s, delay) });
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        await server.WarmUp.WaitAsync(cts.Token);
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        long start = Stopwatch.GetTimestamp();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        double dialMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        await stream.Output.WriteAsync(new byte[] { 7 }, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        IMuxedStream inbound = await accepted.AcceptStreamAsync(cts.Token);
        System.IO.Pipelines.ReadResult read = await inbound.Input.ReadAsync(cts.Token);
        inbound.Input.AdvanceTo(read.Buffer.End);
        await inbound.Output.WriteAsync(new byte[] { 8 }, cts.Token);
        read = await stream.Input.ReadAsync(cts.Token);
        stream.Input.AdvanceTo(read.Buffer.End);
        double echoMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        TestContext.Out.WriteLine($"dial {dialMs:F1} ms, echo {echoMs:F1} ms; client {dialed.PacketCounters}, server {accepted.PacketCounters}");
        var all = clientSocket!.Sent.Select(d => (Side: "C", d)).Concat(serverSocket!.Sent.Select(d => (Side: "S", d))).OrderBy(x => x.d.Ticks);
        foreach ((string side, DelayingDatagramSocket.SentDatagram d) in all)
        {
            TestContext.Out.WriteLine($"{(d.Ticks - start) * 1000.0 / Stopwatch.Frequency,8:F1} ms {side} {d.Length,5} {d.Types}");
        }
    }

    [Test]
    [Explicit("diagnostic: mean time of a new connection plus a 1-byte echo on loopback (QUIC_LOOP_COUNT, default 300), for profiling")]
    public async Task Measure_ConnectionPlusOneByteEcho_Loop()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        int count = int.TryParse(Environment.GetEnvironmentVariable("QUIC_LOOP_COUNT"), out int n) ? n : 300;
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        double total = 0;
        for (int i = 0; i < count + 20; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
            await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
            IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
            await stream.Output.WriteAsync(new byte[] { 7 }, cts.Token);
            await using QuicConnection accepted = await accept;
            IMuxedStream inbound = await accepted.AcceptStreamAsync(cts.Token);
            System.IO.Pipelines.ReadResult read = await inbound.Input.ReadAsync(cts.Token);
            inbound.Input.AdvanceTo(read.Buffer.End);
            await inbound.Output.WriteAsync(new byte[] { 8 }, cts.Token);
            read = await stream.Input.ReadAsync(cts.Token);
            stream.Input.AdvanceTo(read.Buffer.End);
            if (i >= 20)
            {
                total += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        TestContext.Out.WriteLine($"connection + 1-byte echo: mean {total / count:F3} ms over {count}");
        Assert.That(total, Is.GreaterThan(0));
    }
}
