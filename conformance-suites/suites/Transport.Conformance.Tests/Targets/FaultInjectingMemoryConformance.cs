using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory;

namespace Transport.Conformance.Tests.Targets;

/// <summary>
/// The suite against the in-memory transport behind the fault injector with random 1..7-byte chunks in both
/// directions: every transport guarantee must survive arbitrary segmentation.
/// </summary>
[TestFixture]
public sealed class FaultInjectingMemoryConformance : TransportConformanceSuite
{
    private MemoryHub _hub = new();

    /// <summary>Fresh hub per test.</summary>
    [SetUp]
    public void NewHub() => _hub = new MemoryHub();

    /// <inheritdoc />
    protected override ITransport CreateTransport() => new FaultInjectingTransport(
        new MemoryTransport(new MemoryTransportOptions { Hub = _hub }),
        new FaultInjectionOptions { MinChunkSize = 1, MaxChunkSize = 7, Seed = 7 });

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/memory/0");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses => ["/memory/5"];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses => ["/ip4/127.0.0.1/tcp/1"];
}
