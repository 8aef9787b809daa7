using Libp2p.Conformance.Daemon;

namespace Libp2p.Conformance.Tests;

public sealed class DaemonControlLineTests
{
    [TestCase("Control socket: /ip4/127.0.0.1/tcp/4001", "/ip4/127.0.0.1/tcp/4001")]
    [TestCase("  Control socket: /unix/%2Ftmp%2Fp2pd.sock  ", "/unix/%2Ftmp%2Fp2pd.sock")]
    [TestCase("[daemon] Control socket: /ip4/127.0.0.1/tcp/9 (ready)", "/ip4/127.0.0.1/tcp/9")]
    public void The_ready_line_yields_the_control_address(string line, string expected) =>
        Assert.That(DaemonControlLine.Parse(line), Is.EqualTo(expected));

    [TestCase("Peer ID: 12D3KooWEZDC7E8g4C5tev6JJr9JCZE3xVLTGv1keYPdrZqcMhRx")]
    [TestCase("Control socket:")]
    [TestCase("Control socket: not-a-multiaddr")]
    [TestCase("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWEZDC7E8g4C5tev6JJr9JCZE3xVLTGv1keYPdrZqcMhRx")]
    public void Other_lines_are_not_ready_lines(string line) => Assert.That(DaemonControlLine.Parse(line), Is.Null);

    [Test]
    public void A_running_daemon_is_one_endpoint_with_only_the_core_requests()
    {
        var (endpoints, capabilities) = DaemonTargets.ForRunningDaemon("/ip4/127.0.0.1/tcp/4001");
        Assert.Multiple(() =>
        {
            Assert.That(endpoints.Single().Address, Is.EqualTo("/ip4/127.0.0.1/tcp/4001"));
            Assert.That(endpoints.Single().Security, Is.EqualTo(DaemonTargets.AsConfigured));
            Assert.That(capabilities.Protocols, Is.Empty);
        });
    }
}
