namespace Libp2p.Interop.Docker;

/// <summary>Settings of the <see cref="DockerRuntime"/>.</summary>
public sealed record DockerRuntimeOptions
{
    /// <summary>Repository root: Dockerfile paths and build contexts in implementations.yaml are relative to it.</summary>
    public required string RepoRoot { get; init; }

    /// <summary>The Redis image, as test-plans' compose files use.</summary>
    public string RedisImage { get; init; } = "redis:7-alpine";

    /// <summary>Extra time given to the dialer container beyond the test timeout.</summary>
    public TimeSpan DialerGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for building one implementation's image.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(30);
}
