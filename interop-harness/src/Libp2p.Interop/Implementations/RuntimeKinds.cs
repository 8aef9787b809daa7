namespace Libp2p.Interop.Implementations;

/// <summary>Names of the runtimes an implementation can declare.</summary>
public static class RuntimeKinds
{
    /// <summary>A local process (the harness' default runtime).</summary>
    public const string Process = "process";

    /// <summary>A Docker image (test-plans' own packaging); needs a Docker engine.</summary>
    public const string Docker = "docker";

    /// <summary>A page in a headless browser; needs the browser runtime.</summary>
    public const string Browser = "browser";

    /// <summary>The harness runtime that puts every node in its own network namespace (not an implementation kind).</summary>
    public const string Netns = "netns";

    /// <summary>All names an implementation can declare.</summary>
    public static IReadOnlyList<string> All { get; } = [Process, Docker, Browser];
}
