using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Host;

/// <summary>The parts a <see cref="Node"/> is made of.</summary>
public sealed class NodeOptions
{
    /// <summary>The node's identity key.</summary>
    public required PrivateKey Identity { get; init; }

    /// <summary>Transports, tried in order for each address.</summary>
    public required IReadOnlyList<ITransport> Transports { get; init; }

    /// <summary>Security protocols and muxers offered by the upgrader.</summary>
    public required UpgraderOptions Upgrade { get; init; }

    /// <summary>Limit for opening the transport connection of a dial.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
