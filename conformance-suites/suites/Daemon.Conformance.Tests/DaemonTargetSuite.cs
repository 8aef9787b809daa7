using Libp2p.Conformance;
using Libp2p.Conformance.Daemon;
using Libp2p.Conformance.Wire;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon;

namespace Daemon.Conformance.Tests;

/// <summary>
/// Base of the daemon fixtures: each test drives every daemon of the target (one per security protocol and muxer it
/// was started with) through the control protocol and judges what the daemon does from our tester node's side. For
/// <c>daemon:NAME</c> the daemons were started by <c>./conformance conformance</c> and their control addresses arrive
/// in the environment; for <c>reference</c> our own daemon runs in process, once per combination. A test fails with
/// every combination that failed, each named.
/// </summary>
[Category(Category)]
public abstract class DaemonTargetSuite : ConformanceSuite
{
    /// <summary>The NUnit category of every daemon fixture; the conformance command filters daemon targets on it.</summary>
    public const string Category = "DaemonTarget";

    /// <summary>Limit for one control request.</summary>
    protected static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a test waits for something the daemon does on its own (identify, a closed connection).</summary>
    protected static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan CheckBudget = TimeSpan.FromSeconds(90);
    private static readonly string[] ReferenceSubsystems = [DaemonTargets.Peerstore, DaemonTargets.ConnManager];
    private readonly List<DaemonHost> _inProcess = [];
    private readonly List<DaemonUnderTest> _daemons = [];

    /// <inheritdoc/>
    protected override ConformanceTargetKind? RemoteTargetKind => ConformanceTargetKind.Daemon;

    /// <summary>Resolves the daemons (the target's, or ours in process) and starts a tester node for each.</summary>
    [OneTimeSetUp]
    public async Task StartDaemonsAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        IReadOnlyList<WireEndpoint> endpoints = Target.Kind == ConformanceTargetKind.Daemon ? Target.WireEndpoints : await StartInProcessAsync(cts.Token);
        foreach (WireEndpoint endpoint in endpoints)
        {
            _daemons.Add(await DaemonUnderTest.StartAsync(endpoint, RequestTimeout, cts.Token));
        }
    }

    /// <summary>Stops the tester nodes and any in-process daemon.</summary>
    [OneTimeTearDown]
    public async Task StopDaemonsAsync()
    {
        foreach (DaemonUnderTest daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }
        _daemons.Clear();
        foreach (DaemonHost host in _inProcess)
        {
            await host.DisposeAsync();
        }
        _inProcess.Clear();
    }

    /// <summary>Ends the test as unsupported unless the daemon declares <paramref name="subsystem"/> (e.g. <see cref="DaemonTargets.Peerstore"/>).</summary>
    protected void RequireSubsystem(string subsystem)
    {
        if (!Serves(subsystem))
        {
            Assert.Ignore($"{UnsupportedReasonPrefix} {Target.Id}: {subsystem}");
        }
    }

    /// <summary>Whether the daemon declares <paramref name="subsystem"/>.</summary>
    protected bool Serves(string subsystem) =>
        Target.Kind == ConformanceTargetKind.Reference ? ReferenceSubsystems.Contains(subsystem) : Target.Capabilities.Protocols.Contains(subsystem);

    /// <summary>
    /// Runs <paramref name="check"/> against every daemon (or those running <paramref name="security"/>), each with
    /// its own time budget, and fails the test with the failures of all combinations that failed.
    /// </summary>
    protected async Task ForEachDaemonAsync(Func<DaemonUnderTest, CancellationToken, Task> check, string? security = null)
    {
        Assert.That(_daemons, Is.Not.Empty, $"target {Target.Id} has no daemon endpoints");
        DaemonUnderTest[] chosen = [.. _daemons.Where(d => security is null || string.Equals(d.Endpoint.Security, security, StringComparison.OrdinalIgnoreCase))];
        if (chosen.Length == 0)
        {
            Assert.Ignore($"{UnsupportedReasonPrefix} {Target.Id}: {security}");
        }
        var failures = new List<string>();
        foreach (DaemonUnderTest daemon in chosen)
        {
            using var budget = new CancellationTokenSource(CheckBudget);
            try
            {
                await check(daemon, budget.Token);
            }
            catch (AssertionException e)
            {
                failures.Add($"[{daemon.Endpoint.Security}+{daemon.Endpoint.Muxer}] {e.Message.Trim()}");
            }
            catch (Exception e) when (e is not IgnoreException and not InconclusiveException)
            {
                failures.Add($"[{daemon.Endpoint.Security}+{daemon.Endpoint.Muxer}] {e.GetType().Name}: {e.Message}");
            }
        }
        if (failures.Count > 0)
        {
            Assert.Fail(string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <see cref="SettleLimit"/>.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + SettleLimit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} (still not so after {SettleLimit.TotalSeconds:0} s)");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> (see the async overload).</summary>
    protected static Task EventuallyAsync(Func<bool> condition, string what, CancellationToken cancellationToken) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, cancellationToken);

    private async Task<IReadOnlyList<WireEndpoint>> StartInProcessAsync(CancellationToken cancellationToken)
    {
        var endpoints = new List<WireEndpoint>();
        foreach (string security in Target.Capabilities.Security.Order(StringComparer.Ordinal))
        {
            foreach (string muxer in Target.Capabilities.Muxers.Order(StringComparer.Ordinal))
            {
                DaemonHost host = await DaemonHost.StartAsync(new DaemonOptions
                {
                    Listen = Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"),
                    HostAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")],
                    Security = [security],
                    Muxers = [muxer],
                }, cancellationToken: cancellationToken);
                _inProcess.Add(host);
                endpoints.Add(new WireEndpoint(security, muxer, host.ControlAddress.ToString()));
            }
        }
        return endpoints;
    }
}
