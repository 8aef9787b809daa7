using Libp2p.Core.Identity;

namespace Libp2p.Security.Noise.Internal;

/// <summary>What a verified libp2p handshake payload proves about the remote.</summary>
internal sealed record RemoteIdentity(PublicKey Key, PeerId PeerId, IReadOnlyList<string> StreamMuxers);
