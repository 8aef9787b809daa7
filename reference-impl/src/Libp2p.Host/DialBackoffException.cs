using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Host;

/// <summary>Every known address of the peer failed recently and is backed off (HOST-DIAL-010).</summary>
public sealed class DialBackoffException(PeerId peer, DateTimeOffset until)
    : Libp2pException($"all addresses of peer {peer} are backed off after failed dials, until {until:O}")
{
    /// <summary>The peer that was dialed.</summary>
    public PeerId Peer { get; } = peer;

    /// <summary>When the first address leaves its backoff.</summary>
    public DateTimeOffset Until { get; } = until;
}
