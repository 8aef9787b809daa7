using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host;

/// <summary>Every address of the peer was tried and failed; <see cref="Errors"/> holds each address's error (HOST-DIAL-006).</summary>
public sealed class DialFailedException(PeerId peer, IReadOnlyList<KeyValuePair<Multiaddr, Exception>> errors)
    : Libp2pException($"dialing {peer} failed on all {errors.Count} addresses: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value.Message}")))
{
    /// <summary>The peer that was dialed.</summary>
    public PeerId Peer { get; } = peer;

    /// <summary>The error of every address tried, in the order they failed.</summary>
    public IReadOnlyList<KeyValuePair<Multiaddr, Exception>> Errors { get; } = errors;
}
