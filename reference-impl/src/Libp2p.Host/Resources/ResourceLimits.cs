namespace Libp2p.Host.Resources;

/// <summary>
/// Limits of every scope of a <see cref="ResourceManager"/>: the system and transient scopes, and the default for
/// each peer, protocol and service scope (with per-name overrides), in the shape of go-libp2p's resource manager.
/// </summary>
public sealed class ResourceLimits
{
    /// <summary>
    /// Defaults sized for a test host: generous connection counts (perf runs open 1,000 connections from one peer),
    /// bounded streams per peer so one peer cannot starve the others, 1 GiB of buffer memory in total.
    /// </summary>
    public static ResourceLimits Default { get; } = new();

    /// <summary>No limit on any scope.</summary>
    public static ResourceLimits Unlimited { get; } = new()
    {
        System = ScopeLimits.Unlimited,
        Transient = ScopeLimits.Unlimited,
        Peer = ScopeLimits.Unlimited,
        Protocol = ScopeLimits.Unlimited,
        Service = ScopeLimits.Unlimited,
    };

    /// <summary>The whole host.</summary>
    public ScopeLimits System { get; init; } = new() { Connections = 8192, Streams = 65536, Memory = 1L << 30 };

    /// <summary>Connections still upgrading and streams still negotiating.</summary>
    public ScopeLimits Transient { get; init; } = new() { Connections = 2048, Streams = 4096, Memory = 64L << 20 };

    /// <summary>Each remote peer, unless <see cref="PeerOverrides"/> names it.</summary>
    public ScopeLimits Peer { get; init; } = new() { Connections = 2048, InboundStreams = 1024, OutboundStreams = 1024, Streams = 2048, Memory = 128L << 20 };

    /// <summary>Each protocol ID, unless <see cref="ProtocolOverrides"/> names it.</summary>
    public ScopeLimits Protocol { get; init; } = new() { Streams = 16384 };

    /// <summary>Each service, unless <see cref="ServiceOverrides"/> names it.</summary>
    public ScopeLimits Service { get; init; } = new() { Streams = 16384 };

    /// <summary>Limits for particular peers (by peer ID string).</summary>
    public IReadOnlyDictionary<string, ScopeLimits> PeerOverrides { get; init; } = new Dictionary<string, ScopeLimits>();

    /// <summary>Limits for particular protocol IDs.</summary>
    public IReadOnlyDictionary<string, ScopeLimits> ProtocolOverrides { get; init; } = new Dictionary<string, ScopeLimits>();

    /// <summary>Limits for particular services.</summary>
    public IReadOnlyDictionary<string, ScopeLimits> ServiceOverrides { get; init; } = new Dictionary<string, ScopeLimits>();
}
