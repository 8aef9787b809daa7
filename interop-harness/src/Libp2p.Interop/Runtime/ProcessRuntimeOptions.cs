namespace Libp2p.Interop.Runtime;

/// <summary>Settings of the <see cref="ProcessRuntime"/>.</summary>
public sealed record ProcessRuntimeOptions
{
    /// <summary>Repository root; replaces <c>{repo}</c> in commands and is the working directory of nodes.</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Path of the built CLI (<c>conformance.dll</c>); replaces <c>{cli}</c> in commands.</summary>
    public string? CliPath { get; init; }

    /// <summary>The Redis server program.</summary>
    public string RedisExecutable { get; init; } = "redis-server";

    /// <summary>Address the listener binds to (<c>ip</c> / <c>LISTENER_IP</c>).</summary>
    public string ListenIp { get; init; } = "127.0.0.1";

    /// <summary>Extra time given to the dialer beyond the test timeout before it is killed.</summary>
    public TimeSpan DialerGrace { get; init; } = TimeSpan.FromSeconds(10);
}
