using Libp2p.Core.Abstractions;

namespace Libp2p.Host.Resources;

/// <summary>A reservation was refused because a scope is at its limit (HOST-RCMGR-002).</summary>
public sealed class ResourceLimitExceededException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public ResourceLimitExceededException(string scope, ResourceKind kind, long limit)
        : base($"resource limit exceeded: {scope} allows at most {limit} ({Describe(kind)})")
    {
        Scope = scope;
        Kind = kind;
        Limit = limit;
    }

    /// <summary>The scope that refused, e.g. <c>system</c>, <c>peer:12D3…</c>, <c>protocol:/ipfs/ping/1.0.0</c>.</summary>
    public string Scope { get; }

    /// <summary>What was asked for.</summary>
    public ResourceKind Kind { get; }

    /// <summary>The limit that was hit.</summary>
    public long Limit { get; }

    private static string Describe(ResourceKind kind) => kind switch
    {
        ResourceKind.InboundConnection => "inbound connections",
        ResourceKind.OutboundConnection => "outbound connections",
        ResourceKind.InboundStream => "inbound streams",
        ResourceKind.OutboundStream => "outbound streams",
        _ => "bytes of memory",
    };
}
