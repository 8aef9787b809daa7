using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// Where matrix tests run: <c>process</c> (local processes, implemented), and extension points for <c>netns</c>,
/// <c>docker</c> and the browser. A runtime owns its coordination services (Redis) for the duration of a run.
/// </summary>
public interface IRuntime : IAsyncDisposable
{
    /// <summary>The runtime's name as given to <c>--runtime</c>.</summary>
    string Name { get; }

    /// <summary>Null when this runtime can run <paramref name="implementation"/>; otherwise a "not run: ..." reason.</summary>
    string? CannotRun(Implementation implementation);

    /// <summary>Prepares for up to <paramref name="workers"/> concurrent tests (starts Redis and the like).</summary>
    Task StartAsync(int workers, CancellationToken cancellationToken = default);

    /// <summary>Runs one test within <paramref name="timeout"/>; failures are results, not exceptions.</summary>
    Task<InteropTestResult> RunAsync(InteropTest test, TimeSpan timeout, CancellationToken cancellationToken = default);
}
