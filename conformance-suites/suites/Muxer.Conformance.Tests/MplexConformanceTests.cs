using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Mplex;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>The shared muxer suite run for mplex (<c>/mplex/6.7.0</c>) over every transport kind.</summary>
[TestFixture(TransportKind.Memory)]
[TestFixture(TransportKind.OneByteAtATime)]
[TestFixture(TransportKind.Tcp)]
public sealed class MplexConformanceTests(TransportKind kind) : MuxerConformanceSuite(kind)
{
    /// <inheritdoc />
    protected override string MuxerName => "mplex";

    /// <inheritdoc />
    protected override IStreamMuxer CreateMuxer() => new MplexMuxer();
}
