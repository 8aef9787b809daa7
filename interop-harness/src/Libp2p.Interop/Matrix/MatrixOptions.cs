namespace Libp2p.Interop.Matrix;

/// <summary>Which part of the matrix to generate (test-plans' <c>--name-filter</c>, <c>--name-ignore</c>, <c>SHARD_COUNT</c>/<c>SHARD_INDEX</c>).</summary>
public sealed record MatrixOptions
{
    /// <summary>Implementation ids to include; all when null.</summary>
    public IReadOnlyCollection<string>? Implementations { get; init; }

    /// <summary>Transport names to include; all when null.</summary>
    public IReadOnlyCollection<string>? Transports { get; init; }

    /// <summary>Pipe-separated substrings; a test is kept when its name contains any of them. Null or empty keeps all.</summary>
    public string? NameFilter { get; init; }

    /// <summary>Pipe-separated substrings; a test is dropped when its name contains any of them.</summary>
    public string? NameIgnore { get; init; }

    /// <summary>Number of shards (1 = no sharding).</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>This shard's index in <c>0..ShardCount-1</c>.</summary>
    public int ShardIndex { get; init; }
}
