using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Yamux;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>The shared muxer suite run for yamux (<c>/yamux/1.0.0</c>) over every transport kind.</summary>
[TestFixture(TransportKind.Memory)]
[TestFixture(TransportKind.OneByteAtATime)]
[TestFixture(TransportKind.Tcp)]
public sealed class YamuxConformanceTests(TransportKind kind) : MuxerConformanceSuite(kind)
{
    /// <inheritdoc />
    protected override string MuxerName => "yamux";

    /// <inheritdoc />
    protected override IStreamMuxer CreateMuxer() => new YamuxMuxer();
}
