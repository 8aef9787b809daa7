using Libp2p.Core.Abstractions;

namespace Muxer.Conformance.Tests.Support;

/// <summary>A connected pair of muxer sessions and the pipes under them.</summary>
/// <param name="Dialer">The initiator's session.</param>
/// <param name="Listener">The responder's session.</param>
/// <param name="Pipes">The raw connections.</param>
public sealed record MuxerPair(IMuxedConnection Dialer, IMuxedConnection Listener, ConnectedPipes Pipes);
