using Libp2p.Conformance;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Perf.Conformance.Tests;

/// <summary><c>/perf/1.0.0</c> negotiated on a real TCP + Noise + yamux connection over loopback.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class PerfOverStackConformanceTests
{
    [TestCase(0UL, 0UL)]
    [TestCase(1UL, 1UL)]
    [TestCase(1_000_003UL, 2_000_005UL)]
    [Requirement("PERF-PROTO-001")]
    [Requirement("PERF-SERVER-003")]
    public async Task Perf_runs_over_tcp_noise_yamux(ulong upload, ulong download)
    {
        var spec = new StackSpec { Security = ["noise"], Muxers = ["yamux"] };
        await using Node server = ReferenceStack.CreateNode(spec);
        server.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
        Multiaddr address = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        await using Node client = ReferenceStack.CreateNode(spec);
        UpgradedConnection connection = await client.DialAsync(address);
        StreamContext stream = await client.NewStreamAsync(connection, [PerfProtocol.Id]);
        PerfResult result = await PerfProtocol.RunClientAsync(stream.Pipe, new PerfClientRequest(upload, download));
        Assert.Multiple(() =>
        {
            Assert.That(stream.Protocol, Is.EqualTo(PerfProtocol.Id));
            Assert.That(result.UploadedBytes, Is.EqualTo((long)upload));
            Assert.That(result.DownloadedBytes, Is.EqualTo((long)download));
        });
    }
}
