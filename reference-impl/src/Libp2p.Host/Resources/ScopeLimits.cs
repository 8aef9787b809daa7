namespace Libp2p.Host.Resources;

/// <summary>The limits of one scope. Every value is an upper bound on what is open or reserved at once.</summary>
public sealed record ScopeLimits
{
    /// <summary>No limit at all.</summary>
    public static ScopeLimits Unlimited { get; } = new();

    /// <summary>Connections in both directions.</summary>
    public int Connections { get; init; } = int.MaxValue;

    /// <summary>Inbound connections.</summary>
    public int InboundConnections { get; init; } = int.MaxValue;

    /// <summary>Outbound connections.</summary>
    public int OutboundConnections { get; init; } = int.MaxValue;

    /// <summary>Streams in both directions.</summary>
    public int Streams { get; init; } = int.MaxValue;

    /// <summary>Inbound streams.</summary>
    public int InboundStreams { get; init; } = int.MaxValue;

    /// <summary>Outbound streams.</summary>
    public int OutboundStreams { get; init; } = int.MaxValue;

    /// <summary>Reserved buffer memory in bytes.</summary>
    public long Memory { get; init; } = long.MaxValue;
}
