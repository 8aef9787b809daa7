using Libp2p.Conformance.Wire;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Misbehave;
using Libp2p.Stack;

namespace Libp2p.Conformance.Tests;

/// <summary>
/// The mutation check (issue 10): the wire suites must be able to fail. Each fault of Libp2p.Misbehave breaks one
/// rule on an in-process listener; the wire checks of the fault's module must then fail the fault's requirements,
/// and nothing outside that module. A well-behaved node with the same composition passes the same checks.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class MutationTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    private static IEnumerable<string> FaultNames => Faults.All.Select(f => f.Name);

    private static IEnumerable<string> FaultModules => Faults.All.Select(f => f.Module).Distinct();

    [Test]
    public void At_least_ten_faults_each_break_catalog_requirements_of_their_own_module()
    {
        Assert.That(Faults.All.Select(f => f.Name).Distinct().Count(), Is.GreaterThanOrEqualTo(10));
        foreach (MisbehaviourFault fault in Faults.All)
        {
            Assert.That(fault.Requirements, Is.Not.Empty, fault.Name);
            foreach (string id in fault.Requirements)
            {
                Requirement? requirement = RequirementCatalog.Find(RequirementCatalog.All, id);
                Assert.That(requirement, Is.Not.Null, $"{fault.Name}: {id} is not in the catalog");
                Assert.That(requirement!.Module, Is.EqualTo(fault.Module), $"{fault.Name}: {id}");
                Assert.That(WireChecks.ForModule(fault.Module).Any(c => c.Requirements.Contains(id)), Is.True, $"{fault.Name}: no wire check judges {id}");
            }
        }
    }

    [Test]
    public void Every_wire_check_judges_requirements_of_its_own_module_only()
    {
        foreach (WireCheck check in WireChecks.All)
        {
            foreach (string id in check.Requirements)
            {
                Requirement? requirement = RequirementCatalog.Find(RequirementCatalog.All, id);
                Assert.That(requirement, Is.Not.Null, $"{check}: {id} is not in the catalog");
                Assert.That(requirement!.Module, Is.EqualTo(check.Module), $"{check}: {id}");
            }
        }
        Assert.That(WireChecks.All.Select(c => c.Name).Distinct().Count(), Is.EqualTo(WireChecks.All.Count), "check names are unique");
    }

    [TestCaseSource(nameof(FaultNames))]
    public async Task Misbehaving_listener_fails_exactly_its_requirements_module(string name)
    {
        MisbehaviourFault fault = Faults.Find(name);
        Dictionary<string, string> failures = await RunModuleAsync(fault, fault.Module);
        HashSet<string> failed = [.. failures.Keys];
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.SupersetOf(fault.Requirements), $"{fault.Name} went undetected; failures: {Describe(failures)}");
            foreach (string id in failed)
            {
                Assert.That(RequirementCatalog.Find(RequirementCatalog.All, id)!.Module, Is.EqualTo(fault.Module), $"{id} failed outside {fault.Module}");
            }
        });
    }

    [TestCaseSource(nameof(FaultModules))]
    public async Task Well_behaved_listener_passes_the_same_module(string module)
    {
        Dictionary<string, string> failures = await RunModuleAsync(fault: null, module);
        Assert.That(failures, Is.Empty, Describe(failures));
    }

    private static async Task<Dictionary<string, string>> RunModuleAsync(MisbehaviourFault? fault, string module)
    {
        await using Node node = MisbehavingNode.Create(fault, new StackSpec { Security = ["noise", "tls"], Muxers = ["yamux", "mplex"] });
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Multiaddr bound = await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cts.Token);
        string address = $"{bound}/p2p/{node.PeerId}";
        var context = new WireCheckContext(
            [.. from s in new[] { "noise", "tls" } from m in new[] { "yamux", "mplex" } select new WireEndpoint(s, m, address)],
            ConformanceTarget.Reference.Capabilities);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (WireCheck check in WireChecks.ForModule(module))
        {
            Exception? failure = await WireChecks.RunAsync(check, context, Budget, cts.Token);
            if (failure is not null)
            {
                foreach (string id in check.Requirements)
                {
                    failures[id] = $"{check.Name}: {failure.Message}";
                }
            }
        }
        return failures;
    }

    private static string Describe(Dictionary<string, string> failures) =>
        failures.Count == 0 ? "none" : string.Join("; ", failures.Select(kv => $"{kv.Key} ({kv.Value})"));
}
