using System.Diagnostics;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Protocols.Perf;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Single-stream transfers between our QUIC client and server over loopback (correctness; the big one measures).</summary>
public sealed class QuicThroughputTests
{
    internal static async Task<PerfResult> TransferAsync(long upload, long download, QuicTransportOptions? serverOptions = null, QuicTransportOptions? clientOptions = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), serverOptions);
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), clientOptions);
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        Task<QuicConnection> accept = listener.AcceptAsync(cts.Token).AsTask();
        await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, null, cts.Token);
        await using QuicConnection accepted = await accept.WaitAsync(cts.Token);
        Task serve = Task.Run(async () =>
        {
            IMuxedStream s = await accepted.AcceptStreamAsync(cts.Token);
            await PerfProtocol.ServeAsync(s, null, cts.Token);
            await s.DisposeAsync();
        }, cts.Token);
        IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
        Task<PerfResult> run = PerfProtocol.RunClientAsync(stream, new PerfClientRequest((ulong)upload, (ulong)download), null, cts.Token);
        while (Environment.GetEnvironmentVariable("QUIC_DEBUG") == "1" && await Task.WhenAny(run, Task.Delay(500)) != run)
        {
            TestContext.Out.WriteLine($"client {dialed.DebugState}\nserver {accepted.DebugState}");
        }
        PerfResult result = await run;
        await stream.DisposeAsync();
        await serve.WaitAsync(cts.Token);
        await dialed.CloseAsync(cts.Token);
        return result;
    }

    [Test]
    [Requirement("QUIC-STREAM-001")]
    public async Task SingleStream_UploadAndDownload_ArriveComplete()
    {
        PerfResult result = await TransferAsync(16 << 20, 16 << 20);
        Assert.That((result.UploadedBytes, result.DownloadedBytes), Is.EqualTo((16L << 20, 16L << 20)));
    }

    [Test]
    [Explicit("measurement: connection setup time, ours and the js/rust peer dialing us")]
    public async Task Measure_HandshakeTime()
    {
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task accepting = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                QuicConnection c = await listener.AcceptAsync(cts.Token);
                TestContext.Out.WriteLine($"accepted {c.RemotePeer}: {c.DebugState}");
            }
        }, cts.Token);
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await using QuicConnection dialed = await client.DialAsync(listener.LocalAddress, server.LocalPeer, cts.Token);
            TestContext.Out.WriteLine($"C#->C# connect {watch.Elapsed.TotalMilliseconds:F1} ms");
        }
        string address = $"{listener.LocalAddress}/p2p/{server.LocalPeer}";
        (int exit, IReadOnlyList<string> lines, string stderr) = await JsQuicPeer.DialAsync(address, TimeSpan.FromSeconds(60), "--ping-count", "0");
        TestContext.Out.WriteLine($"js->C# exit {exit}: {string.Join(" | ", lines)} {stderr}");
        await cts.CancelAsync();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Test]
    [Explicit("measurement: 1 GiB download on loopback")]
    public async Task Measure_SingleStreamThroughput()
    {
        var watch = Stopwatch.StartNew();
        PerfResult result = await TransferAsync(0, 1L << 30);
        Assert.That(result.DownloadedBytes, Is.EqualTo(1L << 30));
        TestContext.Out.WriteLine($"C#->C# QUIC 1 GiB download: {result.Elapsed.TotalSeconds:F2} s, {(1L << 30) * 8 / result.Elapsed.TotalSeconds / 1e6:F0} Mbit/s (wall {watch.Elapsed.TotalSeconds:F1} s)");
    }
}
