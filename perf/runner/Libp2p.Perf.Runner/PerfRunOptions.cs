namespace Libp2p.Perf.Runner;

/// <summary>What <see cref="PerfRun"/> measures and where it writes.</summary>
public sealed class PerfRunOptions
{
    /// <summary>Implementations to compare: <c>dotnet</c>, <c>js-v3</c>.</summary>
    public IReadOnlyList<string> Implementations { get; init; } = ["dotnet", "js-v3"];

    /// <summary>Transports measured side by side in the same alternating run: <c>tcp</c>, <c>ws</c>, <c>quic-v1</c> (milestones M* use tcp).</summary>
    public IReadOnlyList<string> Transports { get; init; } = ["tcp", "ws", "quic-v1"];

    /// <summary>Pin server and client processes to different CPUs when the machine allows it (<see cref="CpuPinning"/>).</summary>
    public bool Pin { get; init; } = true;

    /// <summary>Small sizes and few iterations (under 5 minutes).</summary>
    public bool Quick { get; init; }

    /// <summary>Also run the loopback stack comparison (raw TCP vs Noise vs TLS).</summary>
    public bool LoopbackThroughput { get; init; }

    /// <summary>Only the loopback stack comparison and the connection-scale checks.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>Command that runs <c>conformance</c> (executable then leading arguments) to start our perf-node processes.</summary>
    public required IReadOnlyList<string> SelfCommand { get; init; }

    /// <summary>Repository root (for containers/js-node and perf/milestones.yaml).</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Output directory (results/perf).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Progress lines (stderr).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
