using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Transports;

/// <summary>An authenticated, multiplexed connection as an <see cref="IMuxedTransport"/> hands it to the host.</summary>
/// <param name="Muxer">The running session (its streams are the connection's streams).</param>
/// <param name="RemoteKey">The remote's verified identity key.</param>
/// <param name="LocalAddress">Our end, e.g. <c>/ip4/127.0.0.1/udp/4001/quic-v1</c>.</param>
/// <param name="RemoteAddress">The remote end.</param>
/// <param name="SecurityProtocol">What authenticated it, reported like a negotiated security protocol.</param>
/// <param name="MuxerProtocol">What multiplexes it, reported like a negotiated muxer.</param>
public sealed record MuxedTransportConnection(
    IMuxedConnection Muxer,
    PublicKey RemoteKey,
    Multiaddr LocalAddress,
    Multiaddr RemoteAddress,
    string SecurityProtocol,
    string MuxerProtocol);
