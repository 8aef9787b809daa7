using Libp2p.Conformance;
using Libp2p.Conformance.Wire;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Misbehave;
using Libp2p.Stack;

namespace Wire.Conformance.Tests;

/// <summary>
/// Base of the wire fixtures: each test runs one <see cref="WireCheck"/> with our stack as the tester against the
/// target's listener. For <c>wire:NAME</c> the listener was started by <c>./conformance conformance</c> and its
/// endpoints arrive in the environment; for <c>reference</c> an in-process reference node listens on loopback.
/// A check the target cannot run (missing security, muxer or protocol) ends as "unsupported by target".
/// </summary>
[Category(Category)]
public abstract class WireTargetSuite : ConformanceSuite
{
    /// <summary>The NUnit category of every wire fixture; the conformance command filters wire targets on it.</summary>
    public const string Category = "WireTarget";

    private static readonly TimeSpan CheckBudget = TimeSpan.FromSeconds(90);
    private Node? _listener;
    private WireCheckContext? _context;

    /// <inheritdoc/>
    protected override ConformanceTargetKind? RemoteTargetKind => ConformanceTargetKind.Wire;

    /// <summary>Resolves the listener: the wire target's endpoints, or a fresh in-process reference node.</summary>
    [OneTimeSetUp]
    public async Task StartListenerAsync()
    {
        if (Target.Kind == ConformanceTargetKind.Wire)
        {
            return;
        }
        _listener = MisbehavingNode.Create(fault: null, new StackSpec { Security = ["noise", "tls"], Muxers = ["yamux", "mplex"] });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Multiaddr bound = await _listener.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cts.Token);
        string address = $"{bound}/p2p/{_listener.PeerId}";
        WireEndpoint[] endpoints = [.. from s in new[] { "noise", "tls" } from m in new[] { "yamux", "mplex" } select new WireEndpoint(s, m, address)];
        _context = new WireCheckContext(endpoints, Target.Capabilities);
    }

    /// <summary>Stops the in-process listener.</summary>
    [OneTimeTearDown]
    public async Task StopListenerAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
            _listener = null;
        }
    }

    /// <summary>Runs the check called <paramref name="name"/> and turns its outcome into the test's.</summary>
    protected async Task RunAsync(string name)
    {
        WireCheck check = WireChecks.Named(name);
        WireCheckContext context = _context ?? new WireCheckContext(Target.WireEndpoints, Target.Capabilities);
        Exception? failure;
        try
        {
            failure = await WireChecks.RunAsync(check, context, CheckBudget, CancellationToken.None);
        }
        catch (WireUnsupportedException e)
        {
            Assert.Ignore($"{UnsupportedReasonPrefix} {Target.Id}: {e.Capability}");
            return;
        }
        if (failure is not null)
        {
            Assert.Fail(failure is WireViolationException ? failure.Message : $"{failure.GetType().Name}: {failure.Message}");
        }
    }
}
