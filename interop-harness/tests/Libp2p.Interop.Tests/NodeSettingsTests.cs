using Libp2p.Interop.Node;

namespace Libp2p.Interop.Tests;

public sealed class NodeSettingsTests
{
    [Test]
    public void Reads_test_plans_lower_case_names()
    {
        NodeSettings s = NodeSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["transport"] = "ws", ["security"] = "noise", ["muxer"] = "mplex", ["is_dialer"] = "true",
            ["redis_addr"] = "127.0.0.1:7000", ["test_timeout_secs"] = "42",
        });
        Assert.That(s, Is.EqualTo(new NodeSettings
        {
            Transport = "ws", Security = "noise", Muxer = "mplex", IsDialer = true, RedisAddress = "127.0.0.1:7000",
            Timeout = TimeSpan.FromSeconds(42), Contract = NodeContract.TestPlans,
        }));
        Assert.That(s.RedisKey, Is.EqualTo("listenerAddr"));
        Assert.That(s.ListenIp, Is.EqualTo("0.0.0.0"));
    }

    [Test]
    public void Reads_unified_upper_case_names_and_namespaces_the_key()
    {
        NodeSettings s = NodeSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["TRANSPORT"] = "tcp", ["SECURE_CHANNEL"] = "tls", ["MUXER"] = "yamux", ["IS_DIALER"] = "false",
            ["LISTENER_IP"] = "0.0.0.0", ["REDIS_ADDR"] = "transport-redis:6379", ["TEST_KEY"] = "a5b50d5e",
        });
        Assert.That(s.Contract, Is.EqualTo(NodeContract.Unified));
        Assert.That(s.RedisKey, Is.EqualTo("a5b50d5e_listener_multiaddr"));
        Assert.That((s.Security, s.Muxer, s.IsDialer, s.RedisAddress), Is.EqualTo(("tls", "yamux", false, "transport-redis:6379")));
        Assert.That(s.Timeout, Is.EqualTo(TimeSpan.FromSeconds(180)));
    }

    [Test]
    public void Standalone_transports_need_no_security_or_muxer()
    {
        NodeSettings s = NodeSettings.FromEnvironment(new Dictionary<string, string?> { ["transport"] = "quic-v1", ["is_dialer"] = "false", ["muxer"] = "yamux" });
        Assert.That(s.Security, Is.Null);
        Assert.That(s.Muxer, Is.Null);
    }

    [TestCase("is_dialer", "yes")]
    [TestCase("test_timeout_seconds", "-1")]
    [TestCase("test_timeout_seconds", "soon")]
    [TestCase("muxer", "")]
    [TestCase("transport", "")]
    public void Bad_values_are_configuration_errors(string name, string value)
    {
        var env = new Dictionary<string, string?> { ["transport"] = "tcp", ["security"] = "noise", ["muxer"] = "yamux", ["is_dialer"] = "true", [name] = value };
        Assert.Throws<InteropConfigurationException>(() => NodeSettings.FromEnvironment(env));
    }

    [Test]
    public void Wildcard_addresses_are_never_published()
    {
        const string bound = "/ip4/0.0.0.0/tcp/4001/p2p/12D3KooWLJthVY2Nv4Dy7QiduJw1NDm9mmDGnALSJkcWVvPez9Tv";
        Assert.That(PublishedAddress.Resolve(bound, [System.Net.IPAddress.Loopback]), Does.StartWith("/ip4/127.0.0.1/tcp/4001/p2p/"));
        Assert.That(PublishedAddress.Resolve(bound, [System.Net.IPAddress.Loopback, System.Net.IPAddress.Parse("10.1.2.3")]), Does.StartWith("/ip4/10.1.2.3/tcp/4001/"));
        Assert.That(PublishedAddress.Resolve("/ip4/127.0.0.1/tcp/1/ws", []), Is.EqualTo("/ip4/127.0.0.1/tcp/1/ws"));
        Assert.That(PublishedAddress.Resolve("/ip6/::/tcp/1", []), Is.EqualTo("/ip6/::1/tcp/1"));
    }
}
