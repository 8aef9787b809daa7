namespace Multiformats.Conformance.Tests;

/// <summary>Locates the repository and the copied spec vectors (conformance-suites/vectors, see its README).</summary>
internal static class VectorFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>Absolute path of a file under conformance-suites/vectors.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(RepoRoot, "conformance-suites", "vectors", relative);

    /// <summary>Reads a vector file.</summary>
    public static string ReadAllText(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Lower-case hex of <paramref name="bytes"/>.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Bytes of a hex string, with or without a 0x prefix.</summary>
    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex);

    private static string FindRoot()
    {
        string? baked = typeof(VectorFiles).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (string? start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, baked })
        {
            for (DirectoryInfo? dir = start is null ? null : new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "conformance-suites", "vectors", "README.md")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"conformance-suites/vectors not found above {AppContext.BaseDirectory}, the working directory or {baked}");
    }
}
