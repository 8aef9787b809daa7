using System.Globalization;
using System.Text.Json;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Issue 9's throughput target, measured in one run so that the ratios are comparable on a shared machine: our QUIC
/// against our TCP+Noise+yamux, and against rust-libp2p's QUIC (quinn via js-libp2p, quic-peer.mjs) in every
/// direction. Explicit: it moves gigabytes and only reports numbers.
/// </summary>
public sealed class QuicThroughputComparisonTests
{
    private static long Bytes => long.TryParse(Environment.GetEnvironmentVariable("QUIC_COMPARE_BYTES"), CultureInfo.InvariantCulture, out long b) ? b : 512L << 20;

    [Test]
    [Explicit("measurement: single-stream download ratios, ours vs TCP+Noise+yamux vs rust QUIC (minutes)")]
    public async Task Measure_SingleStreamRatios()
    {
        long bytes = Bytes;
        var results = new List<(string Name, double Mbps)>();
        for (int round = 0; round < 2; round++)
        {
            results.Add(("tcp+noise+yamux (ours<->ours)", await TcpNoiseYamuxAsync(bytes)));
            results.Add(("quic (ours<->ours)", Mbps(bytes, (await QuicThroughputTests.TransferAsync(0, bytes)).Elapsed)));
            results.Add(("quic (rust dials rust)", await RustToRustAsync(bytes)));
            results.Add(("quic (rust dials ours, downloads)", await RustDialsOursAsync(bytes)));
            results.Add(("quic (ours dials rust, downloads)", await OursDialsRustAsync(bytes)));
        }
        double Best(string name) => results.Where(r => r.Name == name).Max(r => r.Mbps);
        foreach ((string name, double mbps) in results)
        {
            TestContext.Out.WriteLine($"{name}: {mbps:F0} Mbit/s");
        }
        double tcp = Best("tcp+noise+yamux (ours<->ours)");
        double quic = Best("quic (ours<->ours)");
        double rust = Best("quic (rust dials rust)");
        TestContext.Out.WriteLine($"best of 2, {bytes >> 20} MiB: quic/tcp = {quic / tcp:F2}, quic/rust = {quic / rust:F2}, " +
            $"rust->ours/rust = {Best("quic (rust dials ours, downloads)") / rust:F2}, ours->rust/rust = {Best("quic (ours dials rust, downloads)") / rust:F2}");
        Assert.That(results.Select(r => r.Mbps), Has.All.GreaterThan(0));
    }

    private static double Mbps(long bytes, TimeSpan elapsed) => bytes * 8 / elapsed.TotalSeconds / 1e6;

    private static async Task<double> TcpNoiseYamuxAsync(long bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var spec = new StackSpec { Security = ["noise"], Muxers = ["yamux"] };
        await using Node server = ReferenceStack.CreateNode(spec);
        server.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
        Multiaddr address = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cts.Token);
        await using Node client = ReferenceStack.CreateNode(spec);
        UpgradedConnection connection = await client.DialAsync(address, cts.Token);
        StreamContext stream = await client.NewStreamAsync(connection, [PerfProtocol.Id], cts.Token);
        PerfResult result = await PerfProtocol.RunClientAsync(stream.Pipe, new PerfClientRequest(0, (ulong)bytes), cancellationToken: cts.Token);
        return Mbps(bytes, result.Elapsed);
    }

    private static double ParsePerf(int exit, IReadOnlyList<string> lines, string stderr, long bytes)
    {
        Assert.That(exit, Is.Zero, $"js dialer failed: {stderr}\n{string.Join('\n', lines)}");
        JsonElement perf = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("event").GetString() == "perf");
        Assert.That(perf.GetProperty("downloadBytes").GetInt64(), Is.EqualTo(bytes));
        return Mbps(bytes, TimeSpan.FromSeconds(perf.GetProperty("seconds").GetDouble()));
    }

    private static async Task<double> RustToRustAsync(long bytes)
    {
        await using JsQuicPeer listener = await JsQuicPeer.ListenAsync(TimeSpan.FromSeconds(60));
        string address = listener.Lines.First(l => l.StartsWith("/ip4/127.0.0.1/udp/", StringComparison.Ordinal) && l.Contains("/p2p/", StringComparison.Ordinal));
        (int exit, IReadOnlyList<string> lines, string stderr) = await JsQuicPeer.DialAsync(address, TimeSpan.FromMinutes(5),
            "--ping-count", "0", "--download-bytes", bytes.ToString(CultureInfo.InvariantCulture));
        return ParsePerf(exit, lines, stderr, bytes);
    }

    private static async Task<double> RustDialsOursAsync(long bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        await using var transport = new QuicTransport(key);
        await using QuicListener listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        Task serving = Task.Run(async () =>
        {
            await using QuicConnection connection = await listener.AcceptAsync(cts.Token);
            await using Core.Abstractions.IMuxedStream stream = await connection.AcceptStreamAsync(cts.Token);
            await Multistream.MultistreamSelect.SelectInboundAsync(stream, [PerfProtocol.Id], cts.Token);
            await PerfProtocol.ServeAsync(stream, null, cts.Token);
            await connection.Completion.WaitAsync(cts.Token);
        }, cts.Token);
        string address = $"{listener.LocalAddress}/p2p/{PeerId.FromPublicKey(key.PublicKey)}";
        (int exit, IReadOnlyList<string> lines, string stderr) = await JsQuicPeer.DialAsync(address, TimeSpan.FromMinutes(5),
            "--ping-count", "0", "--download-bytes", bytes.ToString(CultureInfo.InvariantCulture));
        double mbps = ParsePerf(exit, lines, stderr, bytes);
        await serving.WaitAsync(TimeSpan.FromSeconds(60));
        return mbps;
    }

    private static async Task<double> OursDialsRustAsync(long bytes)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using JsQuicPeer js = await JsQuicPeer.ListenAsync(TimeSpan.FromSeconds(60));
        await using var transport = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicConnection connection = await transport.DialAsync(Multiaddr.Parse(js.Address), null, cts.Token);
        Core.Abstractions.IMuxedStream stream = await connection.OpenStreamAsync(cts.Token);
        await Multistream.MultistreamSelect.SelectOutboundAsync(stream, [PerfProtocol.Id], cts.Token);
        PerfResult result = await PerfProtocol.RunClientAsync(stream, new PerfClientRequest(0, (ulong)bytes), null, cts.Token);
        await stream.DisposeAsync();
        Assert.That(result.DownloadedBytes, Is.EqualTo(bytes));
        await connection.CloseAsync(cts.Token);
        return Mbps(bytes, result.Elapsed);
    }
}
