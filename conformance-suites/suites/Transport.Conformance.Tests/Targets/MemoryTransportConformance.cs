using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory;

namespace Transport.Conformance.Tests.Targets;

/// <summary>The suite against the in-memory transport (private hub per test).</summary>
[TestFixture]
public sealed class MemoryTransportConformance : TransportConformanceSuite
{
    private MemoryHub _hub = new();

    /// <summary>Fresh hub per test.</summary>
    [SetUp]
    public void NewHub() => _hub = new MemoryHub();

    /// <inheritdoc />
    protected override ITransport CreateTransport() => new MemoryTransport(new MemoryTransportOptions { Hub = _hub });

    /// <inheritdoc />
    protected override Multiaddr ListenAddress => Multiaddr.Parse("/memory/0");

    /// <inheritdoc />
    protected override IEnumerable<string> DialableAddresses => ["/memory/1", "/memory/18446744073709551615"];

    /// <inheritdoc />
    protected override IEnumerable<string> NonDialableAddresses =>
        ["/ip4/127.0.0.1/tcp/1", "/memory/18446744073709551616", "/memory/-1", "/memory/1/ws"];
}
