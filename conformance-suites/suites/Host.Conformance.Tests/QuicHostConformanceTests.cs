using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>
/// The host over QUIC v1 (libp2p/specs quic/README.md): a connection that arrives authenticated (TLS 1.3 with the
/// libp2p certificate) and multiplexed (QUIC streams) is admitted without a further upgrade, and then behaves like
/// any other connection — identify, protocol negotiation per stream, ping — with the remote's peer ID checked.
/// </summary>
public sealed class QuicHostConformanceTests
{
    // The multiaddr code of /p2p (multicodec table).
    private const ulong P2pCode = 421;

    [Test]
    [Requirement("QUIC-CONN-001")]
    [Requirement("QUIC-TLS-004")]
    public async Task A_quic_connection_carries_streams_without_another_muxer_and_identifies_both_ways()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync("quic-v1", cts.Token);

        Assert.Multiple(() =>
        {
            Assert.That(pair.Connection.RemotePeer, Is.EqualTo(pair.Listener.PeerId));
            Assert.That(pair.Connection.MuxerProtocol, Is.EqualTo("quic-v1"), "QUIC streams are the libp2p streams");
            Assert.That(pair.Connection.SecurityProtocol, Is.EqualTo("/tls/1.0.0"));
            Assert.That(pair.ListenAddress.ToString(), Does.Contain("/udp/").And.Contain("/quic-v1/p2p/"));
        });

        for (int i = 0; i < 3; i++)
        {
            StreamContext stream = await pair.Dialer.NewStreamAsync(pair.Connection, [PingProtocol.Id], cts.Token);
            TimeSpan rtt = await PingProtocol.PingOnceAsync(stream.Pipe, cts.Token);
            Assert.That(rtt, Is.GreaterThan(TimeSpan.Zero));
            await stream.Stream.DisposeAsync();
        }

        IReadOnlyList<Multiaddr> learned = await WaitForAddressesAsync(pair.Dialer, pair.Listener.PeerId, cts.Token);
        Assert.That(learned.Select(a => a.ToString()), Has.Some.Contains("/quic-v1"), "identify over a QUIC stream delivered the listener's QUIC address");
    }

    [Test]
    [Requirement("QUIC-TLS-005")]
    public async Task Dialing_a_quic_address_with_the_wrong_peer_id_fails_and_leaves_no_connection()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        var spec = new StackSpec { Security = ["noise"], Muxers = ["yamux"] };
        await using Node listener = ReferenceStack.CreateNode(spec);
        await using Node dialer = ReferenceStack.CreateNode(spec);
        Multiaddr bound = await listener.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        PeerId impostor = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        Multiaddr wrong = bound.DecapsulateCode(P2pCode).Encapsulate("/p2p/" + impostor);

        Exception? error = Assert.CatchAsync(async () => await dialer.DialAsync(wrong, cts.Token));
        Assert.That(error, Is.Not.Null);
        Assert.That(Flatten(error!).OfType<PeerIdMismatchException>(), Is.Not.Empty, $"expected a peer-ID mismatch, got {error}");
        Assert.That(dialer.IsConnected(listener.PeerId), Is.False);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    private static async Task<IReadOnlyList<Multiaddr>> WaitForAddressesAsync(Node node, PeerId peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<Multiaddr> addresses = node.PeerStore.GetAddresses(peer).Select(a => a.Address).ToList();
            if (addresses.Any(a => a.ToString().Contains("/quic-v1", StringComparison.Ordinal)))
            {
                return addresses;
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
