using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Netns;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// <c>--runtime netns</c>: each worker gets a topology of network namespaces (<see cref="BridgeSite"/>): the listener
/// and the dialer each in their own namespace on a bridge, Redis on the bridge, optional delay and loss between the two
/// nodes (<see cref="NetemOptions"/>). Namespaces carry this process' id and are removed on dispose; ones left by a
/// killed run are removed at the next start.
/// </summary>
public sealed class NetnsRuntime : IRuntime
{
    private readonly ProcessRuntimeOptions _options;
    private readonly NetemOptions _netem;
    private readonly SitePool _sites;

    /// <summary>Creates the runtime; nothing starts before <see cref="StartAsync"/>.</summary>
    public NetnsRuntime(ProcessRuntimeOptions options, NetemOptions netem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(netem);
        netem.Validate();
        _options = options;
        _netem = netem;
        _sites = new SitePool(int.MaxValue, token => BridgeSite.StartAsync(options.RedisExecutable, netem, token));
    }

    /// <inheritdoc />
    public string Name => RuntimeKinds.Netns;

    /// <summary>The impairment applied between the nodes.</summary>
    public NetemOptions Netem => _netem;

    /// <summary>Null when this machine can build namespaces; otherwise why not.</summary>
    public static string? Unavailable() =>
        OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess ? null : "the netns runtime needs root on Linux (ip netns, iptables)";

    /// <inheritdoc />
    public string? CannotRun(Implementation implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return implementation.Runtime switch
        {
            RuntimeKinds.Process => Unavailable() is string reason ? "not run: " + reason : null,
            RuntimeKinds.Browser => BrowserSupport.CannotRun(_options.RepoRoot),
            RuntimeKinds.Docker => Docker.DockerRuntime.NotRunReason() ?? "not run: docker implementations run only with --runtime docker",
            _ => $"not run: unknown runtime '{implementation.Runtime}'",
        };
    }

    /// <inheritdoc />
    public async Task StartAsync(int workers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if (Unavailable() is string reason)
        {
            throw new NetnsException(reason);
        }
        if (_netem.DelayMs > 0 && !File.Exists(_netem.DelayHelper))
        {
            throw new NetnsException($"the delay helper {_netem.DelayHelper} is missing (cli/install-deps.sh builds it from interop-harness/netem/nfq-delay.c)");
        }
        await NetworkNamespace.RemoveStaleAsync(cancellationToken).ConfigureAwait(false);
        await _sites.WarmAsync(workers, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<InteropTestResult> RunAsync(InteropTest test, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        ITestSite site = await _sites.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await TestDriver.RunAsync(site, test, timeout, _options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sites.Release(site);
        }
    }

    /// <summary>Stops Redis and the delay helpers and deletes every namespace of this runtime.</summary>
    public ValueTask DisposeAsync() => _sites.DisposeAsync();
}
