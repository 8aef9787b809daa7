namespace Libp2p.Host.PeerStore;

/// <summary>Bounds of a <see cref="MemoryPeerStore"/>: memory stays bounded whatever peers send.</summary>
public sealed class PeerStoreOptions
{
    /// <summary>Peers kept; beyond it the least recently seen disconnected peer is evicted.</summary>
    public int MaxPeers { get; init; } = 4096;

    /// <summary>Addresses kept per peer; beyond it the ones expiring first are dropped.</summary>
    public int MaxAddressesPerPeer { get; init; } = 64;

    /// <summary>Protocols kept per peer (go-libp2p caps it at 1024).</summary>
    public int MaxProtocolsPerPeer { get; init; } = 256;

    /// <summary>Metadata entries kept per peer.</summary>
    public int MaxMetadataPerPeer { get; init; } = 32;

    /// <summary>The clock; tests pass a manual one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
