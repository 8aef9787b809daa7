namespace Libp2p.Idl.Tests;

/// <summary>Locations of the repository, the shipped modules and this project's fixtures.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ShippedModules => Path.Combine(RepoRoot, "spec-idl", "modules");

    public static string FixtureModules => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "modules");

    public static string Expected => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "expected");

    /// <summary>The expected files in the source tree (rewritten when IDL_UPDATE_GOLDEN=1).</summary>
    public static string ExpectedSource => Path.Combine(RepoRoot, "spec-idl", "compiler", "Libp2p.Idl.Tests", "Fixtures", "expected");

    public static string NewTempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "idl-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        IEnumerable<string?> candidates =
        [
            Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT"),
            .. Ancestors(TestContext.CurrentContext.TestDirectory),
            // Artifacts-path builds put the binaries outside the repository: the build records where it is.
            typeof(TestPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "RepoRoot")?.Value,
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "Conformance.sln")))
            ?? throw new InvalidOperationException("Conformance.sln not found; set CONFORMANCE_REPO_ROOT");
    }

    private static IEnumerable<string> Ancestors(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }
}
