using Libp2p.Conformance.Daemon;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// The running listener(s) of a wire target, or daemon(s) of a daemon target: started from its
/// <see cref="WireTargetRecipe"/>, one process for all (security, muxer) combinations or one per combination;
/// disposing stops them.
/// </summary>
public sealed class WireTargetLaunch : IAsyncDisposable
{
    /// <summary>How long a listener may take to print its address.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<TargetProcess> _processes;

    private WireTargetLaunch(ConformanceTarget target, List<TargetProcess> processes)
    {
        Target = target;
        _processes = processes;
    }

    /// <summary>The target with its endpoints and capabilities.</summary>
    public ConformanceTarget Target { get; }

    /// <summary>The environment variables that hand the listener to the suite processes.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        [WireTargetEnvironment.EndpointsVariable] = WireTargetEnvironment.EncodeEndpoints(Target.WireEndpoints),
        [WireTargetEnvironment.CapabilitiesVariable] = WireTargetEnvironment.EncodeCapabilities(Target.Capabilities),
    };

    /// <summary>Processes that exited while they should still run, with their last stderr lines.</summary>
    public IEnumerable<string> Crashes => _processes.Where(p => p.HasExited).Select(p => $"the process at {p.Address} exited early: {p.StderrTail}");

    /// <summary>
    /// Starts the listener(s) of <paramref name="target"/> per <paramref name="recipe"/>, offering the security
    /// protocols and muxers of <paramref name="capabilities"/>; <c>{repo}</c> and <c>{cli}</c> in the command become
    /// <paramref name="repoRoot"/> and <paramref name="cliPath"/>. A daemon target's processes are ready at their
    /// <c>Control socket:</c> line and its endpoints carry the control address.
    /// </summary>
    public static async Task<WireTargetLaunch> StartAsync(
        ConformanceTarget target, WireTargetRecipe recipe, TargetCapabilities capabilities, string repoRoot, string cliPath, CancellationToken cancellationToken)
    {
        Func<string, string?>? readyLine = target.Kind == ConformanceTargetKind.Daemon ? DaemonControlLine.Parse : null;
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (capabilities.Security.Count == 0 || capabilities.Muxers.Count == 0)
        {
            throw new InvalidOperationException($"target {target.Id} declares no security protocol or no muxer");
        }
        (string Security, string Muxer)[] combinations = [.. from s in capabilities.Security from m in capabilities.Muxers select (s, m)];
        var processes = new List<TargetProcess>();
        var endpoints = new List<WireEndpoint>();
        try
        {
            if (recipe.PerCombination)
            {
                foreach ((string security, string muxer) in combinations)
                {
                    TargetProcess process = await TargetProcess.StartAsync(
                        Expand(recipe.Command, repoRoot, cliPath, security, muxer), repoRoot, StartTimeout, cancellationToken, readyLine).ConfigureAwait(false);
                    processes.Add(process);
                    endpoints.Add(new WireEndpoint(security, muxer, process.Address));
                }
            }
            else
            {
                TargetProcess process = await TargetProcess.StartAsync(
                    Expand(recipe.Command, repoRoot, cliPath, null, null), repoRoot, StartTimeout, cancellationToken, readyLine).ConfigureAwait(false);
                processes.Add(process);
                endpoints.AddRange(combinations.Select(c => new WireEndpoint(c.Security, c.Muxer, process.Address)));
            }
        }
        catch
        {
            foreach (TargetProcess process in processes)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        return new WireTargetLaunch(target.WithEndpoints(endpoints, capabilities), processes);
    }

    private static string[] Expand(IReadOnlyList<string> command, string repoRoot, string cliPath, string? security, string? muxer) =>
        [.. command.Select(part => part
            .Replace("{repo}", repoRoot, StringComparison.Ordinal)
            .Replace("{cli}", cliPath, StringComparison.Ordinal)
            .Replace("{security}", security ?? string.Empty, StringComparison.Ordinal)
            .Replace("{muxer}", muxer ?? string.Empty, StringComparison.Ordinal))];

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (TargetProcess process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        _processes.Clear();
    }
}
