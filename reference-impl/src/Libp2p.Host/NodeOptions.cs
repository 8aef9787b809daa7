using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Host.ConnectionManagement;
using Libp2p.Host.Dialing;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

/// <summary>The parts a <see cref="Node"/> is made of.</summary>
public sealed class NodeOptions
{
    /// <summary>The node's identity key.</summary>
    public required PrivateKey Identity { get; init; }

    /// <summary>Transports, tried in order for each address.</summary>
    public required IReadOnlyList<ITransport> Transports { get; init; }

    /// <summary>Transports whose connections come authenticated and multiplexed (QUIC); the node owns and disposes them.</summary>
    public IReadOnlyList<Transports.IMuxedTransport> MuxedTransports { get; init; } = [];

    /// <summary>Security protocols and muxers offered by the upgrader.</summary>
    public required UpgraderOptions Upgrade { get; init; }

    /// <summary>Limit for opening the transport connection of a dial by address.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How peers are dialed by ID: ranking, concurrency, timeouts, backoff.</summary>
    public DialerOptions Dialer { get; init; } = new();

    /// <summary>Connection watermarks and grace period.</summary>
    public ConnectionManagerOptions ConnectionManager { get; init; } = new();

    /// <summary>Resource-manager limits per scope.</summary>
    public ResourceLimits Resources { get; init; } = ResourceLimits.Default;

    /// <summary>Vetoes connections at each step; null allows everything.</summary>
    public IConnectionGater? Gater { get; init; }
}
