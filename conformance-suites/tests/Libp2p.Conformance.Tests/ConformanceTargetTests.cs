namespace Libp2p.Conformance.Tests;

public sealed class ConformanceTargetTests
{
    [TestCase("reference")]
    [TestCase(" Reference ")]
    public void Reference_parses_to_the_in_process_stack(string id)
    {
        ConformanceTarget target = ConformanceTarget.Parse(id);
        Assert.Multiple(() =>
        {
            Assert.That(target, Is.SameAs(ConformanceTarget.Reference));
            Assert.That(target.Kind, Is.EqualTo(ConformanceTargetKind.Reference));
            Assert.That(target.IsImplemented, Is.True);
            Assert.That(target.Capabilities.Supports("YAMUX"), Is.True);
            Assert.That(target.Capabilities.Supports("noise"), Is.True);
            Assert.That(target.Capabilities.Supports("quic"), Is.False);
        });
        Assert.DoesNotThrow(target.EnsureImplemented);
    }

    [TestCase("wire:js-v3", ConformanceTargetKind.Wire, "js-v3")]
    [TestCase("WIRE:rust-v0.54", ConformanceTargetKind.Wire, "rust-v0.54")]
    [TestCase("daemon:/ip4/127.0.0.1/tcp/4001", ConformanceTargetKind.Daemon, "/ip4/127.0.0.1/tcp/4001")]
    [TestCase("daemon:js-v3", ConformanceTargetKind.Daemon, "js-v3")]
    public void Wire_and_daemon_parse_but_cannot_run_until_started(string id, ConformanceTargetKind kind, string name)
    {
        ConformanceTarget target = ConformanceTarget.Parse(id);
        Assert.Multiple(() =>
        {
            Assert.That(target.Kind, Is.EqualTo(kind));
            Assert.That(target.Name, Is.EqualTo(name));
            Assert.That(target.Id, Does.StartWith(kind.ToString().ToLowerInvariant() + ":"));
            Assert.That(target.IsImplemented, Is.False);
            Assert.That(target.IsDaemonAddress, Is.EqualTo(name.StartsWith('/')));
        });
        var ex = Assert.Throws<ConformanceTargetException>(target.EnsureImplemented);
        Assert.That(ex!.Message, Does.Contain(kind == ConformanceTargetKind.Daemon ? "no daemon control endpoints" : "no listener endpoints"));
    }

    [Test]
    public void Wire_target_with_a_started_listener_is_implemented_and_declares_its_capabilities()
    {
        var capabilities = new TargetCapabilities(["tcp"], ["noise"], ["yamux"], ["/ipfs/ping/1.0.0"]);
        ConformanceTarget target = ConformanceTarget.Parse("wire:js-v3").WithEndpoints(
            [new Wire.WireEndpoint("noise", "yamux", "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN")], capabilities);
        Assert.Multiple(() =>
        {
            Assert.That(target.IsImplemented, Is.True);
            Assert.That(target.Capabilities.Supports("tls"), Is.False);
            Assert.That(target.WireEndpoints[0].PeerId!.ToString(), Is.EqualTo("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN"));
            Assert.That(target.WireEndpoints[0].TransportAddress.ToString(), Is.EqualTo("/ip4/127.0.0.1/tcp/4001"));
        });
        Assert.DoesNotThrow(target.EnsureImplemented);
        Assert.Throws<InvalidOperationException>(() => ConformanceTarget.Reference.WithEndpoints(target.WireEndpoints, capabilities));
    }

    [TestCase("", "empty")]
    [TestCase("quic:foo", "unknown target kind")]
    [TestCase("wire:", "needs a name")]
    [TestCase("daemon", "needs a name")]
    [TestCase("wire:a b", "whitespace")]
    [TestCase("reference:x", "takes no name")]
    public void Bad_ids_are_rejected_with_a_clear_message(string id, string expected)
    {
        var ex = Assert.Throws<ConformanceTargetException>(() => ConformanceTarget.Parse(id));
        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [Test]
    public void Overlong_id_is_rejected() =>
        Assert.Throws<ConformanceTargetException>(() => ConformanceTarget.Parse("wire:" + new string('a', ConformanceTarget.MaxIdLength)));

    [Test]
    [NonParallelizable]
    public void Environment_selects_the_target_and_defaults_to_reference()
    {
        string? saved = Environment.GetEnvironmentVariable(ConformanceTarget.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ConformanceTarget.EnvironmentVariable, null);
            Assert.That(ConformanceTarget.FromEnvironment(), Is.SameAs(ConformanceTarget.Reference));
            Environment.SetEnvironmentVariable(ConformanceTarget.EnvironmentVariable, "wire:go-v0.40");
            Assert.That(ConformanceTarget.FromEnvironment().Id, Is.EqualTo("wire:go-v0.40"));
            Environment.SetEnvironmentVariable(ConformanceTarget.EnvironmentVariable, "nonsense:x");
            Assert.Throws<ConformanceTargetException>(() => ConformanceTarget.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConformanceTarget.EnvironmentVariable, saved);
        }
    }

    [Test]
    public void Capabilities_are_per_category_and_case_insensitive()
    {
        var caps = new TargetCapabilities(["tcp"], ["Noise"], ["yamux"], ["/ipfs/ping/1.0.0"]);
        Assert.Multiple(() =>
        {
            Assert.That(caps.Transports, Is.EquivalentTo(new[] { "tcp" }));
            Assert.That(caps.Supports("noise"), Is.True);
            Assert.That(caps.Supports("/IPFS/ping/1.0.0"), Is.True);
            Assert.That(caps.Supports("mplex"), Is.False);
            Assert.That(TargetCapabilities.None.Supports("tcp"), Is.False);
        });
        Assert.Throws<ArgumentException>(() => _ = new TargetCapabilities([" "], [], [], []));
    }
}
