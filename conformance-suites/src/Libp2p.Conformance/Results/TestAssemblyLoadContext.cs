using System.Reflection;
using System.Runtime.Loader;

namespace Libp2p.Conformance.Results;

/// <summary>
/// A collectible load context for reading attributes of a built test assembly: dependencies resolve through the
/// assembly's <c>.deps.json</c>, then its folder; framework assemblies come from the default context.
/// </summary>
internal sealed class TestAssemblyLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    public TestAssemblyLoadContext(string mainAssemblyPath)
        : base($"conformance-tags:{Path.GetFileName(mainAssemblyPath)}", isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _directory = Path.GetDirectoryName(mainAssemblyPath) ?? ".";
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null && assemblyName.Name is { } name)
        {
            string candidate = Path.Combine(_directory, name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }
        return path is null ? null : LoadFromAssemblyPath(path);
    }
}
