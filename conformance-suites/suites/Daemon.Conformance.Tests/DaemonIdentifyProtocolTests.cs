using Libp2p.Conformance;
using Libp2p.Conformance.Daemon;
using Libp2p.Core.Identity;
using Libp2p.Daemon;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Ping;

namespace Daemon.Conformance.Tests;

/// <summary>
/// What the daemon's node learns and tells through identify (libp2p/specs identify/README.md), seen from both
/// sides: PEERSTORE on the daemon, the tester's peer store on ours.
/// </summary>
[Order(4)]
public sealed class DaemonIdentifyProtocolTests : DaemonTargetSuite
{
    /// <summary>After CONNECT the daemon runs identify: PEERSTORE GET_PROTOCOLS lists the protocols the tester serves.</summary>
    [Test]
    [Requirement("DAEMON-PSTORE-001")]
    [Requirement("HOST-PSTORE-002")]
    public Task After_connecting_the_daemon_knows_the_tester_protocols()
    {
        RequireSubsystem(DaemonTargets.Peerstore);
        return ForEachDaemonAsync(async (daemon, ct) =>
        {
            PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
            try
            {
                await daemon.ConnectToTesterAsync(ct);
                IReadOnlyList<string> known = [];
                await EventuallyAsync(async () =>
                {
                    known = await daemon.Client.GetPeerProtocolsAsync(daemon.Tester.PeerId, ct);
                    return known.Contains(EchoProtocol.Id) && known.Contains(PingProtocol.Id);
                }, $"PEERSTORE GET_PROTOCOLS for the tester lacks {EchoProtocol.Id} or {PingProtocol.Id}: [{string.Join(", ", known)}]", ct);
            }
            finally
            {
                await daemon.Tester.DisconnectAsync(self);
            }
        });
    }

    /// <summary>
    /// A protocol registered with STREAM_HANDLER while connected reaches the tester: identify on the connection, then
    /// a push when the protocol set changes, put it in the tester's peer store without the tester asking again.
    /// </summary>
    [Test]
    [Requirement("IDENTIFY-PROTO-005")]
    [Requirement("IDENTIFY-FIELD-009")]
    public Task A_protocol_registered_while_connected_is_pushed_to_the_tester() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        string protocol = $"/conformance/daemon-pushed/{Guid.NewGuid():N}/1.0.0";
        try
        {
            await daemon.ConnectToTesterAsync(ct);
            await EventuallyAsync(() => daemon.Tester.PeerStore.GetProtocols(self).Count > 0,
                "the daemon's peer never answered the tester's identify with any protocol", ct);
            await using DaemonStreamHandlerRegistration registration = await daemon.Client.RegisterStreamHandlerAsync(
                [protocol], (stream, token) => StreamBytes.EchoAsync(stream, token), ct);
            await EventuallyAsync(() => daemon.Tester.PeerStore.GetProtocols(self).Contains(protocol),
                $"the tester never learned {protocol}, registered on the connected daemon (no identify push); it knows [{string.Join(", ", daemon.Tester.PeerStore.GetProtocols(self))}]", ct);
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    });
}
