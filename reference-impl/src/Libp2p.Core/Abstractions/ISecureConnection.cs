using System.IO.Pipelines;
using Libp2p.Core.Identity;

namespace Libp2p.Core.Abstractions;

/// <summary>An authenticated, encrypted duplex pipe produced by a security protocol.</summary>
public interface ISecureConnection : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Our own peer ID.</summary>
    PeerId LocalPeer { get; }

    /// <summary>The authenticated remote peer ID.</summary>
    PeerId RemotePeer { get; }

    /// <summary>The remote's identity key as proven in the handshake.</summary>
    PublicKey RemotePublicKey { get; }

    /// <summary>
    /// The stream muxer agreed during the handshake (Noise extensions or TLS ALPN,
    /// connections/inlined-muxer-negotiation.md), or null when multistream-select must negotiate it.
    /// </summary>
    string? EarlyMuxer { get; }
}
