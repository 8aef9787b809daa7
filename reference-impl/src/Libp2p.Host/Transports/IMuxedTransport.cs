using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Transports;

/// <summary>
/// A transport whose connections arrive already authenticated and multiplexed (QUIC: TLS 1.3 and native streams,
/// libp2p/specs quic/README.md), so the host skips the multistream/security/muxer upgrade for it. Concrete
/// transports are adapted to this in the stack; the host references none of them.
/// </summary>
public interface IMuxedTransport : IAsyncDisposable
{
    /// <summary>Short name for logs and ranking (e.g. <c>quic-v1</c>).</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="address"/> is one this transport dials.</summary>
    bool CanDial(Multiaddr address);

    /// <summary>Whether <paramref name="address"/> is one this transport listens on.</summary>
    bool CanListen(Multiaddr address);

    /// <summary>Dials and authenticates; a remote that is not <paramref name="expected"/> fails the dial.</summary>
    ValueTask<MuxedTransportConnection> DialAsync(Multiaddr address, PeerId? expected, CancellationToken cancellationToken = default);

    /// <summary>Starts listening on <paramref name="address"/>.</summary>
    ValueTask<IMuxedTransportListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default);
}
