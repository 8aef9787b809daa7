using CsCheck;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Wire;

namespace Libp2p.Conformance.Tests;

public sealed class WireTargetEnvironmentTests
{
    [Test]
    public void Endpoints_and_capabilities_round_trip()
    {
        WireEndpoint[] endpoints = [new("noise", "yamux", "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN"), new("tls", "mplex", "/ip4/127.0.0.1/tcp/2")];
        var capabilities = new TargetCapabilities(["tcp"], ["noise", "tls"], ["yamux"], ["/ipfs/ping/1.0.0"]);
        Assert.Multiple(() =>
        {
            Assert.That(WireTargetEnvironment.DecodeEndpoints(WireTargetEnvironment.EncodeEndpoints(endpoints)), Is.EqualTo(endpoints));
            TargetCapabilities back = WireTargetEnvironment.DecodeCapabilities(WireTargetEnvironment.EncodeCapabilities(capabilities));
            Assert.That(back.ToString(), Is.EqualTo(capabilities.ToString()));
        });
    }

    [TestCase("not json")]
    [TestCase("[{\"security\":\"noise\"}]")]
    [TestCase("null")]
    public void Malformed_endpoints_are_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => WireTargetEnvironment.DecodeEndpoints(json));

    [Test]
    public void Decoders_never_throw_anything_but_format_errors() =>
        Gen.String.Sample(text =>
        {
            foreach (Action decode in new Action[] { () => WireTargetEnvironment.DecodeEndpoints(text), () => WireTargetEnvironment.DecodeCapabilities(text) })
            {
                try
                {
                    decode();
                }
                catch (FormatException)
                {
                }
            }
        });

    [Test]
    public void Oversized_value_is_rejected_before_parsing() =>
        Assert.Throws<FormatException>(() => WireTargetEnvironment.DecodeEndpoints(new string('[', WireTargetEnvironment.MaxValueLength + 1)));

    [Test]
    public void Recipes_parse_and_placeholders_select_one_listener_per_combination()
    {
        IReadOnlyList<WireTargetRecipe> recipes = WireTargetsFile.Parse("""
            targets:
              - id: a
                command: [node, x.mjs]
                protocols: [/ipfs/ping/1.0.0]
              - id: b
                command: [prog, --security, "{security}", --muxer, "{muxer}"]
                security: [noise]
            """);
        Assert.Multiple(() =>
        {
            Assert.That(recipes.Select(r => r.Id), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(recipes[0].PerCombination, Is.False);
            Assert.That(recipes[0].Security, Is.Null);
            Assert.That(recipes[1].PerCombination, Is.True);
        });
        Assert.Throws<FormatException>(() => WireTargetsFile.Parse("targets:\n  - id: a\n"));
        Assert.Throws<FormatException>(() => WireTargetsFile.Parse("targets:\n  - id: a\n    command: [x]\n  - id: a\n    command: [y]\n"));
    }

    [Test]
    public void Known_deviations_need_a_reason_and_a_link()
    {
        IReadOnlyList<KnownDeviation> ok = KnownDeviationsFile.Parse("""
            deviations:
              - target: wire:js-v3
                requirement: MSS-MSG-003
                reason: accepts a non-minimal varint
                link: https://example.invalid/issue
            """);
        Assert.That(ok, Has.Count.EqualTo(1));
        Assert.That(() => KnownDeviationsFile.Parse("deviations:\n  - target: x\n    requirement: MSS-MSG-003\n    reason: r\n"), Throws.TypeOf<FormatException>().With.Message.Contains("link"));
        Assert.That(() => KnownDeviationsFile.Parse("deviations:\n  - target: x\n    requirement: nope\n    reason: r\n    link: l\n"), Throws.TypeOf<FormatException>());
        Assert.That(() => KnownDeviationsFile.Parse("deviations: [unclosed"), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void The_repository_deviations_and_recipes_files_are_valid()
    {
        string root = TestData.RepoRoot;
        Assert.DoesNotThrow(() => KnownDeviationsFile.Load(Path.Combine(root, KnownDeviationsFile.DefaultPath)));
        Assert.That(WireTargetsFile.Load(Path.Combine(root, WireTargetsFile.DefaultPath)).Select(r => r.Id), Is.SupersetOf(new[] { "js-v3", "dotnet" }));
        Assert.That(WireTargetsFile.Load(Path.Combine(root, Daemon.DaemonTargets.DefaultPath)).Select(r => r.Id), Is.SupersetOf(new[] { "js-v3", "dotnet" }));
    }
}
