namespace Libp2p.Daemon.Interop;

/// <summary>The outcome of a <see cref="DaemonInteropSuite"/> run over all pairings.</summary>
public sealed record DaemonInteropReport(IReadOnlyList<string> Groups, IReadOnlyList<string> Pairings, IReadOnlyList<DaemonInteropTest> Tests, IReadOnlyList<string> RunErrors)
{
    /// <summary>Tests that passed.</summary>
    public int Passed => Tests.Count(t => t.State == "passed");

    /// <summary>Tests (and hooks) that failed.</summary>
    public int Failed => Tests.Count(t => t.State == "failed");

    /// <summary>Tests mocha marked pending (upstream skips and UnsupportedError configurations).</summary>
    public int Pending => Tests.Count(t => t.State == "pending");

    /// <summary>True when every pairing ran to the end with no failure.</summary>
    public bool Succeeded => Failed == 0 && RunErrors.Count == 0 && Tests.Count > 0;
}
