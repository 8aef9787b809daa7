namespace Libp2p.Interop.Results;

/// <summary>How a matrix is run: parallelism (test-plans' <c>WORKER_COUNT</c>) and the per-test timeout.</summary>
public sealed record InteropRunOptions
{
    /// <summary>Tests run concurrently.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Per-test timeout unless both implementations declare larger ones (test-plans' in-container default is 180 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(180);
}
