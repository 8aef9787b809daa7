namespace Libp2p.Transports.Memory;

/// <summary>
/// What a <see cref="FaultInjectingConnection"/> does to the bytes it forwards. Every choice is driven by
/// <see cref="Seed"/>, so a failing run replays exactly.
/// </summary>
public sealed class FaultInjectionOptions
{
    /// <summary>Which directions the faults apply to (both by default).</summary>
    public FaultDirection Directions { get; init; } = FaultDirection.Both;

    /// <summary>Smallest chunk forwarded per write (1 with <see cref="MaxChunkSize"/> 1 delivers byte by byte).</summary>
    public int MinChunkSize { get; init; } = 1;

    /// <summary>Largest chunk forwarded per write; each chunk is flushed on its own. 0 forwards what arrives unsplit.</summary>
    public int MaxChunkSize { get; init; }

    /// <summary>Delay added before each forwarded chunk.</summary>
    public TimeSpan LatencyPerWrite { get; init; }

    /// <summary>After this many bytes forwarded in one direction the connection is aborted (RST). Null: never.</summary>
    public long? ResetAfterBytes { get; init; }

    /// <summary>After this many bytes forwarded in one direction that direction stops delivering (a black hole). Null: never.</summary>
    public long? StallAfterBytes { get; init; }

    /// <summary>Seed of the chunk-size generator.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Delivers one byte per write, in order.</summary>
    public static FaultInjectionOptions OneByteAtATime(int seed = 1) => new() { MinChunkSize = 1, MaxChunkSize = 1, Seed = seed };
}
