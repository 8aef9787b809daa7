using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon.Tests;

/// <summary>go p2pd's flag names and forms, as @libp2p/interop passes them.</summary>
public sealed class DaemonOptionsTests
{
    [Test]
    [Requirement("DAEMON-CLI-002")]
    public void The_flags_the_interop_suite_passes_are_understood()
    {
        DaemonOptions options = DaemonOptions.Parse(["-listen=/ip4/127.0.0.1/tcp/0", "-hostAddrs=/ip4/127.0.0.1/tcp/0", "-tls=true", "-muxer=mplex", "-id=/tmp/key", "-dhtServer", "-pubsub", "-pubsubRouter=floodsub", "-relay"]);
        Assert.Multiple(() =>
        {
            Assert.That(options.Listen, Is.EqualTo(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")));
            Assert.That(options.HostAddresses, Is.EqualTo(new[] { Multiaddr.Parse("/ip4/127.0.0.1/tcp/0") }));
            Assert.That(options.Security, Is.EqualTo(new[] { "tls" }));
            Assert.That(options.Muxers, Is.EqualTo(new[] { "mplex" }));
            Assert.That(options.IdentityFile, Is.EqualTo("/tmp/key"));
            Assert.That(options.Dht && options.PubSub && options.Relay, Is.True);
            Assert.That(options.PubSubRouter, Is.EqualTo("floodsub"));
            Assert.That(options.NoListenAddresses, Is.False);
        });
    }

    [Test]
    [Requirement("DAEMON-CLI-002")]
    public void Separate_values_double_dashes_and_false_switches_work_as_in_go()
    {
        DaemonOptions options = DaemonOptions.Parse(["--listen", "/unix/tmp/p2pd-test.sock", "-noListenAddrs", "-noise=false", "-plaintext", "-muxer", "yamux,mplex"]);
        Assert.Multiple(() =>
        {
            Assert.That(ControlEndpoint.ToEndPoint(options.Listen).ToString(), Is.EqualTo("/tmp/p2pd-test.sock"), "go's unescaped unix path");
            Assert.That(options.NoListenAddresses, Is.True);
            Assert.That(options.Security, Is.EqualTo(new[] { "plaintext" }));
            Assert.That(options.Muxers, Is.EqualTo(new[] { "yamux", "mplex" }));
        });
    }

    [Test]
    public void Unknown_flags_and_bad_values_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DaemonOptions.Parse(["-bogus"]), Throws.ArgumentException.With.Message.Contains("unknown flag -bogus"));
            Assert.That(() => DaemonOptions.Parse(["-listen"]), Throws.ArgumentException.With.Message.Contains("needs a value"));
            Assert.That(() => DaemonOptions.Parse(["-noise=maybe"]), Throws.ArgumentException);
            Assert.That(() => DaemonOptions.Parse(["-pubsubRouter=randomsub"]), Throws.ArgumentException);
            Assert.That(() => DaemonOptions.Parse(["positional"]), Throws.ArgumentException);
        });
    }
}
