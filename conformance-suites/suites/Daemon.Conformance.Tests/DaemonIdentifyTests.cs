using Libp2p.Conformance;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon;
using Libp2p.Host;

namespace Daemon.Conformance.Tests;

/// <summary>IDENTIFY (go-libp2p-daemon specs/CONTROL.md, "Identify"): the answer names a peer that really listens there.</summary>
[Order(1)]
public sealed class DaemonIdentifyTests : DaemonTargetSuite
{
    /// <summary>The peer ID and addresses IDENTIFY returns are those of a peer the tester can reach and authenticate.</summary>
    [Test]
    [Requirement("DAEMON-IDENT-001")]
    [Requirement("DAEMON-CTRL-001")]
    [Requirement("DAEMON-CTRL-004")]
    public Task Identify_names_a_peer_reachable_at_the_returned_addresses() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        DaemonIdentity identity = await daemon.IdentifyAsync(ct);
        Multiaddr? tcp = identity.Addresses.FirstOrDefault(a => a.ToString().Contains("/tcp/", StringComparison.Ordinal));
        Assert.That(tcp, Is.Not.Null, $"IDENTIFY listed no TCP address: [{string.Join(", ", identity.Addresses)}]");
        try
        {
            UpgradedConnection connection = await daemon.Tester.DialAsync(Multiaddr.Parse($"{Strip(tcp!)}/p2p/{identity.PeerId}"), ct);
            Assert.That(connection.RemotePeer, Is.EqualTo(identity.PeerId), "the peer listening at the returned address is not the one IDENTIFY named");
            DaemonIdentity again = await daemon.IdentifyAsync(ct);
            Assert.That(again.PeerId, Is.EqualTo(identity.PeerId), "a second IDENTIFY, on its own control connection, named another peer");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(identity.PeerId);
        }
    });

    private static string Strip(Multiaddr address)
    {
        string text = address.ToString();
        int p2p = text.IndexOf("/p2p/", StringComparison.Ordinal);
        return p2p < 0 ? text : text[..p2p];
    }
}
