using Libp2p.Core.Abstractions;

namespace Libp2p.Host;

/// <summary>What the upgrader offers, in preference order, and how long each phase may take.</summary>
public sealed class UpgraderOptions
{
    /// <summary>Security protocols, most preferred first (multistream-select proposes them in this order).</summary>
    public required IReadOnlyList<ISecurityProtocol> SecurityProtocols { get; init; }

    /// <summary>Stream muxers, most preferred first.</summary>
    public required IReadOnlyList<IStreamMuxer> Muxers { get; init; }

    /// <summary>Limit for negotiating the security protocol and running its handshake.</summary>
    public TimeSpan SecurityTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Limit for negotiating the muxer (skipped when the handshake agreed one early).</summary>
    public TimeSpan MuxerTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
