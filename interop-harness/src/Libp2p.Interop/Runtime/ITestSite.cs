namespace Libp2p.Interop.Runtime;

/// <summary>
/// Where one worker runs its tests: the Redis server nodes coordinate through, the address the listener binds, and how
/// node commands are wrapped (e.g. into a network namespace). A site is reused by its worker, one test at a time.
/// </summary>
internal interface ITestSite : IAsyncDisposable
{
    /// <summary>The <c>redis_addr</c> / <c>REDIS_ADDR</c> handed to nodes.</summary>
    string NodeRedisAddress { get; }

    /// <summary>Where the harness itself reaches the same Redis (a Unix socket when Redis sits in a namespace).</summary>
    string HarnessRedisAddress { get; }

    /// <summary>The <c>ip</c> / <c>LISTENER_IP</c> handed to the listener.</summary>
    string ListenIp { get; }

    /// <summary><paramref name="command"/> as it must run for the given role.</summary>
    IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer);

    /// <summary>Null while the site is healthy; otherwise a reason that fails the test (e.g. a dead delay helper).</summary>
    string? Fault { get; }
}
