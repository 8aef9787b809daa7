using Libp2p.Core.Abstractions;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>
/// The shared muxer suite run on QUIC v1 streams (libp2p/specs quic/README.md: QUIC brings its own stream
/// multiplexing; RFC 9000 §2-§3 streams, FIN, RESET_STREAM, STOP_SENDING). Each end is a full QUIC connection whose
/// datagrams are carried over the suite's pipe, so the same scenarios run over in-memory pipes, a one-byte-at-a-time
/// pipe and loopback TCP. A dropped carrier is detected the QUIC way, by the idle timeout.
/// </summary>
[TestFixture(TransportKind.Memory)]
[TestFixture(TransportKind.OneByteAtATime)]
[TestFixture(TransportKind.Tcp)]
public sealed class QuicConformanceTests(TransportKind kind) : MuxerConformanceSuite(kind)
{
    // Short enough that the dropped-connection scenario ends well inside the suite's 90 s budget, long enough that
    // a loaded machine never idles out a live connection (any packet, including ACKs, restarts it).
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    protected override string MuxerName => "quic-v1";

    /// <inheritdoc />
    protected override IStreamMuxer CreateMuxer() => new QuicOverPipeMuxer(IdleTimeout);
}
