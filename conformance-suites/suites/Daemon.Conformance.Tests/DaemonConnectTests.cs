using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Net;
using Libp2p.Daemon;
using Libp2p.Host;

namespace Daemon.Conformance.Tests;

/// <summary>
/// CONNECT, LIST_PEERS and DISCONNECT (go-libp2p-daemon specs/CONTROL.md): the daemon dials our tester, and its
/// dialer — multistream-select, the security handshake as initiator, the muxer — is judged from the tester's side.
/// </summary>
[Order(2)]
public sealed class DaemonConnectTests : DaemonTargetSuite
{
    /// <summary>CONNECT answers OK once the tester holds an authenticated, multiplexed connection from the daemon, which LIST_PEERS then lists.</summary>
    [Test]
    [Requirement("DAEMON-CONN-001")]
    [Requirement("DAEMON-CONN-003")]
    [Requirement("HOST-DIAL-002")]
    public Task Connect_reaches_the_tester_with_the_configured_stack_and_lists_it() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        try
        {
            await daemon.ConnectToTesterAsync(ct);
            await EventuallyAsync(() => daemon.Tester.IsConnected(self), "the tester has no connection from the daemon's peer after CONNECT answered OK", ct);
            UpgradedConnection connection = daemon.Tester.ConnectionsTo(self)[0];
            if (daemon.KnowsItsStack)
            {
                Assert.That(connection.SecurityProtocol, Does.Contain(daemon.Endpoint.Security).IgnoreCase, "negotiated security protocol");
                Assert.That(connection.MuxerProtocol, Does.Contain(daemon.Endpoint.Muxer).IgnoreCase, "negotiated muxer");
            }
            IReadOnlyList<DaemonPeerInfo> peers = await daemon.Client.ListPeersAsync(ct);
            Assert.That(peers.Select(p => p.PeerId), Does.Contain(daemon.Tester.PeerId), "LIST_PEERS after CONNECT");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    });

    /// <summary>
    /// CONNECT to the tester's address under another peer ID must fail: the daemon's dialer has to check the
    /// authenticated key against the peer ID it was asked to reach.
    /// </summary>
    [Test]
    [Requirement("HOST-DIAL-003")]
    [Requirement("DAEMON-CONN-001")]
    public Task Connect_under_a_wrong_peer_id_is_refused() => ForEachDaemonAsync(ConnectUnderWrongPeerIdAsync);

    /// <summary>The same over Noise: the initiator aborts when the responder's identity key is not the expected peer's.</summary>
    [Test]
    [Requirement("NOISE-API-001")]
    public Task Noise_initiator_aborts_when_the_responder_is_another_peer() => ForEachDaemonAsync(ConnectUnderWrongPeerIdAsync, security: "noise");

    /// <summary>The same over TLS: the client aborts when the certificate's host key is not the expected peer's.</summary>
    [Test]
    [Requirement("TLS-EXT-006")]
    public Task Tls_client_aborts_when_the_server_is_another_peer() => ForEachDaemonAsync(ConnectUnderWrongPeerIdAsync, security: "tls");

    /// <summary>CONNECT to an address where nothing listens answers ERROR (not OK, not a hang).</summary>
    [Test]
    [Requirement("DAEMON-CONN-001")]
    public Task Connect_to_a_dead_address_answers_error() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        Multiaddr dead = Multiaddr.Parse($"/ip4/127.0.0.1/tcp/{LoopbackPorts.FreeTcp()}");
        Assert.That(async () => await daemon.Client.ConnectAsync(DaemonUnderTest.Stranger(), [dead], TimeSpan.FromSeconds(10), ct),
            Throws.TypeOf<ControlProtocolException>(), $"CONNECT to {dead}, where nothing listens");
    });

    /// <summary>DISCONNECT closes the daemon's connection: the tester sees it end and LIST_PEERS no longer lists the tester.</summary>
    [Test]
    [Requirement("DAEMON-CONN-002")]
    public Task Disconnect_closes_the_connection() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        try
        {
            await daemon.ConnectToTesterAsync(ct);
            await EventuallyAsync(() => daemon.Tester.IsConnected(self), "the tester has no connection from the daemon after CONNECT", ct);
            await daemon.Client.DisconnectAsync(daemon.Tester.PeerId, ct);
            await EventuallyAsync(() => !daemon.Tester.IsConnected(self), "the tester's connection from the daemon is still open after DISCONNECT", ct);
            IReadOnlyList<DaemonPeerInfo> peers = await daemon.Client.ListPeersAsync(ct);
            Assert.That(peers.Select(p => p.PeerId), Does.Not.Contain(daemon.Tester.PeerId), "LIST_PEERS after DISCONNECT");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    });

    private static async Task ConnectUnderWrongPeerIdAsync(DaemonUnderTest daemon, CancellationToken ct)
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        PeerId impostor = DaemonUnderTest.Stranger();
        try
        {
            ControlProtocolException? refused = null;
            try
            {
                await daemon.Client.ConnectAsync(impostor, [daemon.TesterAddress], TimeSpan.FromSeconds(20), ct);
            }
            catch (ControlProtocolException e)
            {
                refused = e;
            }
            IReadOnlyList<DaemonPeerInfo> peers = await daemon.Client.ListPeersAsync(ct);
            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.Not.Null, $"CONNECT to {impostor} at the tester's address (peer {daemon.Tester.PeerId}) answered OK");
                Assert.That(peers.Select(p => p.PeerId), Does.Not.Contain(impostor), "LIST_PEERS lists the peer ID that was never authenticated");
            });
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    }
}
