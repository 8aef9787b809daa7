namespace Libp2p.Perf.Runner;

/// <summary>Everything one <c>./conformance perf</c> run measured; serialised by <see cref="ResultsWriter"/> and drawn by <see cref="Dashboard"/>.</summary>
public sealed class PerfReport
{
    /// <summary>One perf program invocation's output, in upstream's benchmark-results shape.</summary>
    /// <param name="Benchmark">Benchmark name (<c>throughput/upload</c>, ...).</param>
    /// <param name="Implementation">Implementation ID.</param>
    /// <param name="TransportStack">e.g. <c>tcp</c>.</param>
    /// <param name="UploadBytes">Parameter uploadBytes.</param>
    /// <param name="DownloadBytes">Parameter downloadBytes.</param>
    /// <param name="Samples">The program's JSON lines.</param>
    public sealed record Run(string Benchmark, string Implementation, string TransportStack, long UploadBytes, long DownloadBytes, IReadOnlyList<PerfSample> Samples);

    /// <summary>UTC start of the run.</summary>
    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Whether <c>--quick</c> sizes were used.</summary>
    public bool Quick { get; init; }

    /// <summary>Machine description (CPU count, OS, runtime).</summary>
    public string Machine { get; init; } = $"{Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";

    /// <summary>Transports measured side by side (<c>tcp</c>, <c>ws</c>); milestones use tcp.</summary>
    public List<string> Transports { get; } = ["tcp"];

    /// <summary>How client and server processes were pinned to CPUs (null: not decided, e.g. loopback-only runs).</summary>
    public CpuPinning? Pinning { get; set; }

    /// <summary>BenchmarkDotNet micro-benchmark results folded in from results/perf/micro (empty when none were run).</summary>
    public List<MicroBenchmarkResult> Micro { get; } = [];

    /// <summary>Where <see cref="Micro"/> came from (directory and time), or null.</summary>
    public string? MicroSource { get; set; }

    /// <summary>
    /// The key of an implementation over a transport in the per-implementation maps: the bare implementation ID for
    /// tcp (what milestones refer to), <c>impl/transport</c> otherwise (e.g. <c>js-v3/ws</c>).
    /// </summary>
    public static string Label(string implementation, string transport) => transport == "tcp" ? implementation : $"{implementation}/{transport}";

    /// <summary>Every perf program run, in execution order (alternating implementations).</summary>
    public List<Run> Runs { get; } = [];

    /// <summary>Upload throughput per implementation, bit/s, one value per iteration.</summary>
    public Dictionary<string, List<double>> UploadBitsPerSecond { get; } = [];

    /// <summary>Download throughput per implementation, bit/s.</summary>
    public Dictionary<string, List<double>> DownloadBitsPerSecond { get; } = [];

    /// <summary>Connection establishment + 1-byte round trip per implementation, seconds.</summary>
    public Dictionary<string, List<double>> LatencySeconds { get; } = [];

    /// <summary>iperf3 one-second interval samples, bit/s.</summary>
    public List<double> IperfBitsPerSecond { get; } = [];

    /// <summary>TCP connect round trips on loopback, seconds (the "pings" of upstream's results).</summary>
    public List<double> PingSeconds { get; } = [];

    /// <summary>New secured connections per second per implementation.</summary>
    public Dictionary<string, double> ConnectionsPerSecond { get; } = [];

    /// <summary>Loopback single-stream throughput per stack (raw-tcp, tcp+noise+yamux, tcp+tls+yamux), bytes/s per iteration.</summary>
    public Dictionary<string, List<double>> LoopbackBytesPerSecond { get; } = [];

    /// <summary>Idle connections measurement.</summary>
    public IdleConnectionsResult? Idle { get; set; }

    /// <summary>Derived ratios and values milestones refer to.</summary>
    public Dictionary<string, double> Metrics { get; } = [];

    /// <summary>Milestones with their measured value and status (null = not measured).</summary>
    public List<(Milestone Milestone, double? Measured, bool? Passed)> Milestones { get; } = [];

    /// <summary>Notes on what was skipped and why.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Appends <paramref name="value"/> to the list of <paramref name="key"/>.</summary>
    public static void Add(Dictionary<string, List<double>> map, string key, double value)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!map.TryGetValue(key, out List<double>? list))
        {
            map[key] = list = [];
        }
        list.Add(value);
    }

    /// <summary>Fills <see cref="Metrics"/> from the measurements and evaluates <paramref name="milestones"/>.</summary>
    public void Evaluate(IReadOnlyList<Milestone> milestones)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        double? Median(Dictionary<string, List<double>> map, string key) =>
            map.TryGetValue(key, out List<double>? v) && v.Count > 0 ? Summary.Of(v).Median : null;
        double? dotnetUp = Median(UploadBitsPerSecond, "dotnet");
        double? dotnetDown = Median(DownloadBitsPerSecond, "dotnet");
        double? jsUp = Median(UploadBitsPerSecond, "js-v3");
        double? jsDown = Median(DownloadBitsPerSecond, "js-v3");
        if (dotnetUp is { } du && dotnetDown is { } dd && jsUp is { } ju && jsDown is { } jd)
        {
            Metrics["throughput.dotnet_over_js.upload"] = du / ju;
            Metrics["throughput.dotnet_over_js.download"] = dd / jd;
            Metrics["throughput.dotnet_over_js"] = Math.Min(du / ju, dd / jd);
        }
        foreach (string transport in Transports.Where(t => t != "tcp"))
        {
            if (Median(UploadBitsPerSecond, Label("dotnet", transport)) is { } tu && Median(DownloadBitsPerSecond, Label("dotnet", transport)) is { } td)
            {
                if (Median(UploadBitsPerSecond, Label("js-v3", transport)) is { } tju && Median(DownloadBitsPerSecond, Label("js-v3", transport)) is { } tjd)
                {
                    Metrics[$"throughput.{transport}.dotnet_over_js"] = Math.Min(tu / tju, td / tjd);
                    Metrics[$"throughput.{transport}.dotnet_over_js.upload"] = tu / tju;
                    Metrics[$"throughput.{transport}.dotnet_over_js.download"] = td / tjd;
                }
                if (dotnetUp is { } tcpUp && dotnetDown is { } tcpDown)
                {
                    Metrics[$"throughput.{transport}.dotnet_over_dotnet_tcp"] = Math.Min(tu / tcpUp, td / tcpDown);
                    Metrics[$"throughput.{transport}.dotnet_over_dotnet_tcp.upload"] = tu / tcpUp;
                    Metrics[$"throughput.{transport}.dotnet_over_dotnet_tcp.download"] = td / tcpDown;
                }
            }
        }
        double? tcpLatency = Median(LatencySeconds, "dotnet");
        foreach (string transport in Transports.Where(t => t != "tcp"))
        {
            if (Median(LatencySeconds, Label("dotnet", transport)) is { } l)
            {
                Metrics[$"latency.{transport}.dotnet_median_ms"] = l * 1000;
                if (tcpLatency is { } t)
                {
                    Metrics[$"latency.{transport}.dotnet_over_dotnet_tcp"] = l / t;
                }
            }
        }
        if (dotnetUp is { } u && dotnetDown is { } d && IperfBitsPerSecond.Count > 0)
        {
            Metrics["throughput.dotnet_over_iperf3"] = Math.Min(u, d) / Summary.Of(IperfBitsPerSecond).Median;
        }
        if (dotnetUp is { } u2 && Median(UploadBitsPerSecond, "https") is { } hu)
        {
            Metrics["throughput.dotnet_over_https.upload"] = u2 / hu;
        }
        if (Median(LatencySeconds, "dotnet") is { } lat)
        {
            Metrics["latency.dotnet_median_ms"] = lat * 1000;
            if (Median(LatencySeconds, "https") is { } https)
            {
                Metrics["latency.dotnet_over_https"] = lat / https;
            }
        }
        if (ConnectionsPerSecond.TryGetValue("dotnet", out double cps))
        {
            Metrics["connections.dotnet_per_second"] = cps;
        }
        if (Idle is { } idle)
        {
            Metrics["concurrent.answered_fraction"] = (double)idle.Answered / idle.Connections;
            // RSS deltas are noisy (the GC keeps committed memory), so the milestone takes the worst of the three views.
            Metrics["idle.bytes_per_connection"] = Math.Max(idle.ClientManagedBytesPerConnection, Math.Max(idle.ClientRssBytesPerConnection, idle.ServerRssBytesPerConnection));
        }
        foreach ((string stack, List<double> values) in LoopbackBytesPerSecond)
        {
            Metrics[$"loopback.{stack}.gbytes_per_second"] = Summary.Of(values).Median / 1e9;
        }
        if (Median(LoopbackBytesPerSecond, "raw-tcp") is { } raw)
        {
            foreach (string stack in new[] { "tcp+noise+yamux", "tcp+tls+yamux", "tcp+plaintext+yamux" })
            {
                if (Median(LoopbackBytesPerSecond, stack) is { } s)
                {
                    Metrics[$"loopback.{stack}.over_raw_tcp"] = s / raw;
                }
            }
        }
        Milestones.Clear();
        foreach (Milestone m in milestones)
        {
            double? measured = Metrics.TryGetValue(m.Metric, out double v) ? v : null;
            Milestones.Add((m, measured, m.Evaluate(measured)));
        }
    }
}
