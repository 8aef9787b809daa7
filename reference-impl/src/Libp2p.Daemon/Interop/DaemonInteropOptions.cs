namespace Libp2p.Daemon.Interop;

/// <summary>What <see cref="DaemonInteropSuite"/> runs.</summary>
public sealed class DaemonInteropOptions
{
    /// <summary>The suite's groups to run: connect, streams, dht, pubsub, relay.</summary>
    public IReadOnlyList<string> Groups { get; init; } = ["connect", "streams"];

    /// <summary>
    /// Pairings: <c>ours-js</c> (the suite's go slot is our daemon, its js slot js-libp2p's daemon-server) and
    /// <c>ours-ours</c> (both slots our daemon).
    /// </summary>
    public IReadOnlyList<string> Pairings { get; init; } = ["ours-js", "ours-ours"];

    /// <summary>The command line that starts our daemon (program first), to which go p2pd flags are appended.</summary>
    public required IReadOnlyList<string> DaemonCommand { get; init; }

    /// <summary>The <c>containers/daemon-interop</c> folder (with its installed node_modules).</summary>
    public required string SuiteDirectory { get; init; }

    /// <summary>
    /// Run the pairings side by side (about half the wall time on two idle cores). Off by default: the suite's hooks
    /// have fixed upstream timeouts (20 s to start two daemons and connect them) that a loaded machine can miss.
    /// </summary>
    public bool Parallel { get; init; }

    /// <summary>Limit for one pairing's mocha run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);
}
