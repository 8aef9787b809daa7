using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Libp2p.Protocols.Identify;

/// <summary>
/// What a verified Identify message says about a peer (libp2p/specs identify/README.md, "The Identify Message").
/// Lists are empty when the field was absent; a push leaves absent fields unchanged (identify/push).
/// </summary>
public sealed record IdentifyInfo
{
    /// <summary>The remote's authenticated peer ID.</summary>
    public required PeerId PeerId { get; init; }

    /// <summary>The remote's public key (field 1, or the connection's key when a push omitted it).</summary>
    public required PublicKey PublicKey { get; init; }

    /// <summary>Listen addresses (field 2); unparseable entries are skipped.</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses { get; init; } = [];

    /// <summary>Supported protocol IDs (field 3).</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    /// <summary>Our address as the remote sees it (field 4), when present and parseable.</summary>
    public Multiaddr? ObservedAddress { get; init; }

    /// <summary>Field 5, e.g. <c>ipfs/0.1.0</c>.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>Field 6, e.g. <c>js-libp2p/3.0.0</c>.</summary>
    public string? AgentVersion { get; init; }

    /// <summary>The peer record from field 8, only when its envelope verified and it names <see cref="PeerId"/>.</summary>
    public PeerRecord? SignedPeerRecord { get; init; }

    /// <summary>The verified envelope of <see cref="SignedPeerRecord"/>.</summary>
    public SignedEnvelope? SignedPeerRecordEnvelope { get; init; }

    /// <summary>Why field 8 was present but discarded (null when absent or verified).</summary>
    public string? SignedPeerRecordError { get; init; }

    /// <summary>Whether field 8 carried a verified record of this peer.</summary>
    public bool SignedPeerRecordVerified => SignedPeerRecord is not null;

    /// <summary>The addresses to trust: the signed record's when verified (IDENTIFY-SPR-002), else <see cref="ListenAddresses"/>.</summary>
    public IReadOnlyList<Multiaddr> EffectiveAddresses => SignedPeerRecord?.Addresses ?? ListenAddresses;
}
