namespace Conformance.Cli.Commands;

/// <summary>Locates the repository root (where <c>Conformance.sln</c> is) from the running binary or the CWD.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "Conformance.sln")))
        {
            return fromEnv;
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Conformance.sln); set CONFORMANCE_REPO_ROOT");
    }
}
