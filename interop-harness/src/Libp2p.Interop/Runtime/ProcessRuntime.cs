using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// Runs each test as two local processes coordinated through a private Debian <c>redis-server</c> per worker
/// (test-plans' single <c>listenerAddr</c> key cannot be shared by concurrent tests). A test that involves a browser
/// runs in a private network namespace of its worker instead, with its own Redis (docs/REAL-PEERS.md).
/// </summary>
public sealed class ProcessRuntime : IRuntime
{
    private readonly ProcessRuntimeOptions _options;
    private readonly SitePool _local;
    private SitePool? _namespaced;
    private int _workers = 1;

    /// <summary>Creates the runtime; nothing starts before <see cref="StartAsync"/>.</summary>
    public ProcessRuntime(ProcessRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _local = new SitePool(int.MaxValue, token => LocalSite.StartAsync(options.RedisExecutable, options.ListenIp, token));
    }

    /// <inheritdoc />
    public string Name => RuntimeKinds.Process;

    /// <inheritdoc />
    public string? CannotRun(Implementation implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return implementation.Runtime switch
        {
            RuntimeKinds.Process => null,
            RuntimeKinds.Browser => BrowserSupport.CannotRun(_options.RepoRoot),
            RuntimeKinds.Docker => Docker.DockerRuntime.NotRunReason() ?? "not run: docker implementations run only with --runtime docker",
            _ => $"not run: unknown runtime '{implementation.Runtime}'",
        };
    }

    /// <inheritdoc />
    public async Task StartAsync(int workers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        await _local.WarmAsync(workers, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<InteropTestResult> RunAsync(InteropTest test, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        SitePool pool = _local;
        if (test.Dialer.Runtime == RuntimeKinds.Browser || test.Listener.Runtime == RuntimeKinds.Browser)
        {
            pool = Volatile.Read(ref _namespaced) ?? InitialiseNamespaced();
        }
        ITestSite site = await pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await TestDriver.RunAsync(site, test, timeout, _options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pool.Release(site);
        }
    }

    /// <summary>Stops every Redis server and removes every namespace this runtime created.</summary>
    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync().ConfigureAwait(false);
        if (_namespaced is not null)
        {
            await _namespaced.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The unified-testing <c>TEST_KEY</c>: first 8 hex chars of sha256 of the test name.</summary>
    public static string TestKey(string testName) => TestDriver.TestKey(testName);

    private SitePool InitialiseNamespaced()
    {
        var pool = new SitePool(_workers, token => NamespaceSite.StartAsync(_options.RedisExecutable, token));
        SitePool? raced = Interlocked.CompareExchange(ref _namespaced, pool, null);
        if (raced is null)
        {
            return pool;
        }
        // Nothing was created in the losing pool, so there is nothing to dispose.
        return raced;
    }
}
