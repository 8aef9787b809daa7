using System.Text.Json;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Multistream;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Perf;
using Libp2p.Protocols.Ping;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Interop with rust-libp2p's QUIC stack (quinn + rustls + libp2p-tls) through js-libp2p and
/// @chainsafe/libp2p-quic 2.1.1, both directions: connect, ping, 64 concurrent 1 MiB echo streams, a single-stream transfer.
/// </summary>
public sealed class JsQuicInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private const long TransferBytes = 64L << 20;

    private static async Task<IMuxedStream> OpenAsync(QuicConnection connection, string protocol, CancellationToken token)
    {
        IMuxedStream stream = await connection.OpenStreamAsync(token);
        await MultistreamSelect.SelectOutboundAsync(stream, [protocol], token);
        return stream;
    }

    [Test]
    [Requirement("QUIC-INTEROP-001")]
    public async Task WeDial_JsQuicListener_PingEchoAndTransfer()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using JsQuicPeer js = await JsQuicPeer.ListenAsync(TimeSpan.FromSeconds(60));
        var address = Multiaddr.Parse(js.Address);
        await using var transport = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicConnection connection = await transport.DialAsync(address, null, cts.Token);
        Assert.That(connection.RemotePeer.ToString(), Is.EqualTo(js.Address[(js.Address.LastIndexOf('/') + 1)..]));
        Task serve = ServeAsync(connection, cts.Token);

        IMuxedStream ping = await OpenAsync(connection, PingProtocol.Id, cts.Token);
        TimeSpan rtt = await PingProtocol.PingOnceAsync(ping, cts.Token);
        Assert.That(rtt, Is.GreaterThan(TimeSpan.Zero));
        await ping.DisposeAsync();

        long[] echoed = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            IMuxedStream stream = await OpenAsync(connection, EchoProtocol.Id, cts.Token);
            long n = await EchoProtocol.RoundTripAsync(stream, 1 << 20, EchoProtocol.NewSeed(), cts.Token);
            await stream.DisposeAsync();
            return n;
        }));
        Assert.That(echoed, Has.All.EqualTo(1L << 20));

        IMuxedStream perf = await OpenAsync(connection, PerfProtocol.Id, cts.Token);
        PerfResult result = await PerfProtocol.RunClientAsync(perf, new PerfClientRequest((ulong)TransferBytes, (ulong)TransferBytes), null, cts.Token);
        await perf.DisposeAsync();
        Assert.That((result.UploadedBytes, result.DownloadedBytes), Is.EqualTo((TransferBytes, TransferBytes)));
        TestContext.Out.WriteLine($"C#->js QUIC: ping {rtt.TotalMilliseconds:F2} ms, {TransferBytes >> 20} MiB up+down in {result.Elapsed.TotalSeconds:F2} s " +
            $"({2 * TransferBytes * 8 / result.Elapsed.TotalSeconds / 1e6:F0} Mbit/s)");
        await connection.CloseAsync(cts.Token);
        await serve.WaitAsync(cts.Token);
    }

    [Test]
    [Requirement("QUIC-INTEROP-001")]
    public async Task JsDials_OurQuicListener_PingEchoAndTransfer()
    {
        using var cts = new CancellationTokenSource(Timeout);
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        await using var transport = new QuicTransport(key);
        await using QuicListener listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        Task accept = AcceptAndServeAsync(listener, cts.Token);
        string address = $"{listener.LocalAddress}/p2p/{PeerId.FromPublicKey(key.PublicKey)}";
        (int exit, IReadOnlyList<string> lines, string stderr) = await JsQuicPeer.DialAsync(address, Timeout,
            "--ping-count", "3", "--echo-streams", "64", "--echo-bytes", "1048576",
            "--upload-bytes", TransferBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--download-bytes", TransferBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(exit, Is.Zero, $"js dialer failed: {stderr}\n{string.Join('\n', lines)}");
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(events.Count(e => e.GetProperty("event").GetString() == "ping"), Is.EqualTo(3));
        JsonElement echo = events.Single(e => e.GetProperty("event").GetString() == "echo");
        Assert.That(echo.GetProperty("ok").GetBoolean(), Is.True);
        JsonElement perf = events.Single(e => e.GetProperty("event").GetString() == "perf");
        Assert.That(perf.GetProperty("downloadBytes").GetInt64(), Is.EqualTo(TransferBytes));
        TestContext.Out.WriteLine($"js->C# QUIC: {string.Join(" | ", lines)}");
        await cts.CancelAsync();
        await accept;
    }

    private static async Task AcceptAndServeAsync(QuicListener listener, CancellationToken token)
    {
        var served = new List<Task>();
        try
        {
            while (true)
            {
                QuicConnection connection = await listener.AcceptAsync(token);
                served.Add(Task.Run(async () =>
                {
                    await ServeAsync(connection, token);
                    await connection.DisposeAsync();
                }, CancellationToken.None));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MuxerClosedException)
        {
            // listener stopped
        }
        await Task.WhenAll(served);
    }

    /// <summary>Serves ping, echo and perf on every stream the peer opens, until the connection ends.</summary>
    private static async Task ServeAsync(QuicConnection connection, CancellationToken token)
    {
        var handlers = new List<Task>();
        try
        {
            while (true)
            {
                IMuxedStream stream = await connection.AcceptStreamAsync(token);
                handlers.Add(Task.Run(async () =>
                {
                    try
                    {
                        string protocol = await MultistreamSelect.SelectInboundAsync(stream, [PingProtocol.Id, EchoProtocol.Id, PerfProtocol.Id], token);
                        Task handler = protocol switch
                        {
                            PingProtocol.Id => PingProtocol.ServeAsync(stream, token),
                            EchoProtocol.Id => EchoProtocol.ServeAsync(stream, token),
                            _ => PerfProtocol.ServeAsync(stream, null, token),
                        };
                        await handler;
                    }
                    catch (Exception ex) when (ex is Libp2pException or OperationCanceledException or IOException)
                    {
                        // the peer reset or closed the stream; the dialer's assertions judge the outcome
                    }
                    await stream.DisposeAsync();
                }, CancellationToken.None));
            }
        }
        catch (Exception ex) when (ex is MuxerClosedException or OperationCanceledException)
        {
            // connection finished
        }
        await Task.WhenAll(handlers);
    }
}
