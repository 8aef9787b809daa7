using System.Text.Json;

namespace Identity.Conformance.Tests;

/// <summary>Loads the spec vectors copied in <c>conformance-suites/vectors/</c>.</summary>
internal static class IdentityVectors
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string VectorPath(string name) => Path.Combine(RepoRoot, "conformance-suites", "vectors", name);

    public static JsonElement Load(string name)
    {
        using FileStream stream = File.OpenRead(VectorPath(name));
        using JsonDocument document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>The four key vectors of peer-ids.md "Test vectors": (type label, private protobuf, public protobuf).</summary>
    public static IEnumerable<TestCaseData> KeyVectors()
    {
        foreach (JsonElement entry in Load("peer-ids.json").EnumerateArray())
        {
            string type = entry.GetProperty("keyType").GetString()!;
            byte[] privateKey = Convert.FromHexString(entry.GetProperty("privateKeyProtobufHex").GetString()!);
            byte[] publicKey = Convert.FromHexString(entry.GetProperty("publicKeyProtobufHex").GetString()!);
            yield return new TestCaseData(type, privateKey, publicKey).SetArgDisplayNames(type);
        }
    }

    /// <summary>The private key protobuf of the vector of <paramref name="keyType"/> (e.g. "RSA").</summary>
    public static byte[] PrivateKeyVector(string keyType) =>
        Convert.FromHexString(Load("peer-ids.json").EnumerateArray()
            .First(e => e.GetProperty("keyType").GetString() == keyType)
            .GetProperty("privateKeyProtobufHex").GetString()!);

    private static string FindRoot()
    {
        string? baked = typeof(IdentityVectors).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        foreach (string? start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), baked })
        {
            for (DirectoryInfo? dir = start is null ? null : new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"cannot find the repository root (Conformance.sln) above {AppContext.BaseDirectory}, the working directory or {baked}");
    }
}
