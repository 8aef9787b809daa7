using System.Reflection;

namespace Libp2p.Daemon.Tests;

/// <summary>The repository root, stamped into the assembly at build time (the binary may live under an artifacts path).</summary>
internal static class RepoRoot
{
    public static string Path { get; } =
        Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(RepoRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
}
