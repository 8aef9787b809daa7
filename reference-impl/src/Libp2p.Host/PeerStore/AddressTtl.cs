namespace Libp2p.Host.PeerStore;

/// <summary>Address time-to-live classes (HOST-PSTORE-004), with go-libp2p's values (core/peerstore/peerstore.go).</summary>
public static class AddressTtl
{
    /// <summary>Never expires (addresses the user configured).</summary>
    public static readonly TimeSpan Permanent = TimeSpan.MaxValue;

    /// <summary>While a connection to the peer is open; lowered to <see cref="RecentlyConnected"/> when it closes.</summary>
    public static readonly TimeSpan Connected = TimeSpan.MaxValue - TimeSpan.FromTicks(1);

    /// <summary>Kept for a while after the last connection closed (go-libp2p <c>RecentlyConnectedAddrTTL</c>).</summary>
    public static readonly TimeSpan RecentlyConnected = TimeSpan.FromMinutes(15);

    /// <summary>Short-lived hints, e.g. addresses from a third party (go-libp2p <c>TempAddrTTL</c>).</summary>
    public static readonly TimeSpan Temporary = TimeSpan.FromMinutes(2);
}
