using CsCheck;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class CpuPinningTests
{
    [TestCase("0", new[] { 0 })]
    [TestCase("0-1", new[] { 0, 1 })]
    [TestCase("0-2,8,10-11\n", new[] { 0, 1, 2, 8, 10, 11 })]
    [TestCase(" 3,1 ", new[] { 1, 3 })]
    public void Cpu_lists_parse_to_sorted_ids(string text, int[] expected) =>
        Assert.That(CpuPinning.ParseCpuList(text), Is.EqualTo(expected));

    [TestCase("a")]
    [TestCase("1-")]
    [TestCase("3-1")]
    [TestCase("1-2-3")]
    [TestCase("-1")]
    [TestCase("0-99999")]
    public void Malformed_cpu_lists_are_format_errors(string text) =>
        Assert.Throws<FormatException>(() => CpuPinning.ParseCpuList(text));

    [Test]
    public void Cpu_list_parser_never_throws_anything_but_format_errors() =>
        Gen.String[Gen.Char["0123456789,- x"], 0, 24].Sample(text =>
        {
            try
            {
                return CpuPinning.ParseCpuList(text).Count <= 4096;
            }
            catch (FormatException)
            {
                return true;
            }
        });

    [Test]
    public void Two_cpus_and_taskset_pin_servers_and_clients_apart()
    {
        CpuPinning pinning = CpuPinning.Decide(true, [2, 5, 7], "/usr/bin/taskset");
        (string serverCommand, IEnumerable<string> serverArgs) = pinning.Server("iperf3", ["-s"]);
        (string clientCommand, IEnumerable<string> clientArgs) = pinning.Client("node", ["perf-peer.mjs"]);
        Assert.Multiple(() =>
        {
            Assert.That(pinning.Used, Is.True);
            Assert.That(pinning.Description, Does.Contain("CPU 2").And.Contain("CPU 5"));
            Assert.That(serverCommand, Is.EqualTo("taskset"));
            Assert.That(serverArgs, Is.EqualTo(new[] { "-c", "2", "iperf3", "-s" }));
            Assert.That(clientCommand, Is.EqualTo("taskset"));
            Assert.That(clientArgs, Is.EqualTo(new[] { "-c", "5", "node", "perf-peer.mjs" }));
        });
    }

    [TestCase(false, 4, "/usr/bin/taskset", "--pin false")]
    [TestCase(true, 1, "/usr/bin/taskset", "1 usable CPU")]
    [TestCase(true, 4, null, "taskset is not installed")]
    public void Without_pinning_the_reason_is_given_and_commands_run_unchanged(bool requested, int cpus, string? taskset, string reason)
    {
        CpuPinning pinning = CpuPinning.Decide(requested, [.. Enumerable.Range(0, cpus)], taskset);
        (string command, IEnumerable<string> args) = pinning.Client("iperf3", ["-c", "127.0.0.1"]);
        Assert.Multiple(() =>
        {
            Assert.That(pinning.Used, Is.False);
            Assert.That(pinning.Description, Does.StartWith("CPU pinning: not").And.Contain(reason));
            Assert.That(command, Is.EqualTo("iperf3"));
            Assert.That(args, Is.EqualTo(new[] { "-c", "127.0.0.1" }));
        });
    }

    [Test]
    public void This_process_has_at_least_one_allowed_cpu() =>
        Assert.That(CpuPinning.AllowedCpus(), Is.Not.Empty.And.Ordered.And.Unique);
}
