using System.Diagnostics;
using System.Reflection;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Events;
using Libp2p.Stack;

namespace Libp2p.Host.Tests;

/// <summary>
/// Connect, identify, disconnect, many times over: managed heap and handle counts must stay bounded (HOST-REL-001).
/// The default run does 500 cycles in one process; the [Explicit] run does 10,000 against a separate
/// <c>conformance listen</c> process.
/// </summary>
public sealed class ReliabilityTests
{
    private static readonly StackSpec Spec = new() { Security = ["noise"], Muxers = ["yamux"] };

    private static string RepoRoot =>
        Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(ReliabilityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Test]
    public async Task FiveHundredCyclesInProcessLeaveHeapAndHandlesBounded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        await using Node listener = ReferenceStack.CreateNode(Spec);
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cts.Token);
        await using Node dialer = ReferenceStack.CreateNode(Spec);

        // HOST_RELIABILITY_INPROC_CYCLES raises the count for a long local run.
        int cycles = int.TryParse(Environment.GetEnvironmentVariable("HOST_RELIABILITY_INPROC_CYCLES"), out int n) ? n : 500;
        CycleReport report = await RunCyclesAsync(dialer, address, cycles, warmup: 50, cts.Token);
        TestContext.Out.WriteLine(report);

        Assert.That(report.HeapGrowthBytes, Is.LessThan(8L << 20), report.ToString());
        Assert.That(report.HandleGrowth, Is.LessThan(64), report.ToString());
        Assert.That(dialer.ConnectionCount, Is.Zero);
        Assert.That(dialer.Resources.System.IsIdle, Is.True, "every connection and stream reservation came back");
    }

    [Test]
    [Explicit("10,000 cycles against a separate process take minutes; needs the CLI built (./conformance or CONFORMANCE_CLI_DLL)")]
    public async Task TenThousandCyclesAgainstAListenProcessLeaveHeapAndHandlesBounded()
    {
        int cycles = int.TryParse(Environment.GetEnvironmentVariable("HOST_RELIABILITY_CYCLES"), out int n) ? n : 10_000;
        string dll = Environment.GetEnvironmentVariable("CONFORMANCE_CLI_DLL") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(RepoRoot, "cli", "Conformance.Cli", "bin", "Release", "net10.0", "conformance.dll");
        Assume.That(File.Exists(dll), $"the CLI is not built at {dll}");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        using var listen = Process.Start(new ProcessStartInfo("dotnet", [dll, "listen", "--listen", "/ip4/127.0.0.1/tcp/0", "--security", "noise", "--muxer", "yamux"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            string line = await listen.StandardOutput.ReadLineAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(60), cts.Token) ?? throw new InvalidOperationException("listen exited before printing its address");
            Multiaddr address = Multiaddr.Parse(line.Trim());
            await using Node dialer = ReferenceStack.CreateNode(Spec);
            (long rss, int fds) remoteBefore = ProcessFootprint(listen.Id);

            // Two halves: memory the listen process's GC merely retains levels off after the first, a leak keeps growing.
            CycleReport first = await RunCyclesAsync(dialer, address, cycles / 2, warmup: 200, cts.Token);
            (long rss, int fds) remoteMiddle = ProcessFootprint(listen.Id);
            CycleReport report = await RunCyclesAsync(dialer, address, cycles - (cycles / 2), warmup: 0, cts.Token);
            (long rss, int fds) remoteAfter = ProcessFootprint(listen.Id);
            TestContext.Out.WriteLine(first);
            TestContext.Out.WriteLine(report);
            TestContext.Out.WriteLine($"listen process: RSS {remoteBefore.rss >> 10} KiB -> {remoteMiddle.rss >> 10} KiB (half way) -> {remoteAfter.rss >> 10} KiB, fds {remoteBefore.fds} -> {remoteMiddle.fds} -> {remoteAfter.fds}");

            Assert.That(report.HeapGrowthBytes, Is.LessThan(16L << 20), report.ToString());
            Assert.That(report.HandleGrowth, Is.LessThan(64), report.ToString());
            Assert.That(remoteAfter.fds - remoteBefore.fds, Is.LessThan(64), "the listen process keeps no sockets of closed connections");
            Assert.That(remoteAfter.rss - remoteMiddle.rss, Is.LessThan(32L << 20), "the listen process's resident memory keeps growing in the second half");
        }
        finally
        {
            listen.Kill(entireProcessTree: true);
            await listen.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<CycleReport> RunCyclesAsync(Node dialer, Multiaddr address, int cycles, int warmup, CancellationToken cancellationToken)
    {
        using EventSubscription<PeerDisconnected> gone = dialer.Events.Subscribe<PeerDisconnected>(capacity: 4);
        long heapBefore = 0;
        int handlesBefore = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < warmup + cycles; i++)
        {
            if (i == warmup)
            {
                (heapBefore, handlesBefore) = Footprint();
                clock.Restart();
            }
            UpgradedConnection connection = await dialer.DialAsync(address, cancellationToken);
            await dialer.Identify!.IdentifyAsync(connection, cancellationToken);
            await connection.DisposeAsync();
            await gone.WaitAsync(_ => true, TimeSpan.FromSeconds(30), cancellationToken);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        (long heapAfter, int handlesAfter) = Footprint();
        return new CycleReport(cycles, seconds, heapBefore, heapAfter, handlesBefore, handlesAfter);
    }

    private static (long Heap, int Handles) Footprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using Process self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.HandleCount);
    }

    private static (long Rss, int Fds) ProcessFootprint(int pid)
    {
        string status = File.ReadAllText($"/proc/{pid}/status");
        string rssLine = status.Split('\n').First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        long rssKb = long.Parse(rssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (rssKb << 10, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    private sealed record CycleReport(int Cycles, double Seconds, long HeapBefore, long HeapAfter, int HandlesBefore, int HandlesAfter)
    {
        public long HeapGrowthBytes => HeapAfter - HeapBefore;

        public int HandleGrowth => HandlesAfter - HandlesBefore;

        public override string ToString() =>
            $"{Cycles} connect/identify/disconnect cycles in {Seconds:0.0} s ({Cycles / Seconds:0} per s): managed heap {HeapBefore >> 10} KiB -> {HeapAfter >> 10} KiB, handles {HandlesBefore} -> {HandlesAfter}";
    }
}
