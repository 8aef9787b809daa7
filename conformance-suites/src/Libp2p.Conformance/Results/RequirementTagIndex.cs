using System.Reflection;

namespace Libp2p.Conformance.Results;

/// <summary>
/// Maps test results to requirement IDs by reflection over test assemblies: a test carries the IDs of every
/// <see cref="RequirementAttribute"/> (or NUnit <c>[Property("Requirement", ...)]</c>) on its method, on the methods
/// it overrides or inherits from abstract suites, and on its class and base classes. Attributes are read as
/// <see cref="CustomAttributeData"/>, so assemblies loaded in another context (with their own copy of this
/// library) map too.
/// </summary>
public sealed class RequirementTagIndex
{
    private const BindingFlags AllDeclared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly string RequirementAttributeName = typeof(RequirementAttribute).FullName!;
    private static readonly string NUnitPropertyAttributeName = typeof(PropertyAttribute).FullName!;

    private readonly Dictionary<string, TypeTags> _types = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    private RequirementTagIndex()
    {
    }

    /// <summary>Problems met while reading assemblies (unloadable types or attributes); the index is still usable.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Indexes assemblies already loaded in this process.</summary>
    public static RequirementTagIndex FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var index = new RequirementTagIndex();
        foreach (Assembly assembly in assemblies)
        {
            index.Add(assembly);
        }
        return index;
    }

    /// <summary>
    /// Indexes the assemblies at <paramref name="assemblyPaths"/>, each loaded in its own collectible context that
    /// is unloaded afterwards. A missing or unreadable assembly becomes a <see cref="Warnings"/> entry.
    /// </summary>
    public static RequirementTagIndex FromFiles(IEnumerable<string> assemblyPaths)
    {
        ArgumentNullException.ThrowIfNull(assemblyPaths);
        var index = new RequirementTagIndex();
        foreach (string path in assemblyPaths.Distinct(StringComparer.Ordinal))
        {
            if (!File.Exists(path))
            {
                index._warnings.Add($"{path}: test assembly not found; its tests map to no requirement");
                continue;
            }
            var context = new TestAssemblyLoadContext(Path.GetFullPath(path));
            try
            {
                index.Add(context.LoadFromAssemblyPath(Path.GetFullPath(path)));
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                index._warnings.Add($"{path}: cannot load test assembly: {ex.Message}");
            }
            finally
            {
                context.Unload();
            }
        }
        return index;
    }

    /// <summary>
    /// The requirement IDs of method <paramref name="methodName"/> in fixture <paramref name="className"/> (TRX names:
    /// arguments of parameterised tests and fixtures are ignored), sorted; empty when the test is untagged.
    /// </summary>
    public IReadOnlyList<string> Lookup(string className, string methodName)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(methodName);
        if (!_types.TryGetValue(StripArguments(className), out TypeTags? tags))
        {
            return [];
        }
        var ids = new SortedSet<string>(tags.ClassIds, StringComparer.Ordinal);
        if (tags.MethodIds.TryGetValue(StripArguments(methodName), out SortedSet<string>? methodIds))
        {
            ids.UnionWith(methodIds);
        }
        return [.. ids];
    }

    /// <summary>
    /// The method (or type) name of a TRX test (or class) name: <c>Parse(1,"a")</c> gives <c>Parse</c>.
    /// </summary>
    public static string StripArguments(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int paren = name.IndexOf('(', StringComparison.Ordinal);
        return (paren < 0 ? name : name[..paren]).Trim();
    }

    private void Add(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
            _warnings.Add($"{assembly.GetName().Name}: some types could not be loaded: {ex.LoaderExceptions.FirstOrDefault()?.Message}");
        }
        foreach (Type? type in types)
        {
            if (type is { IsClass: true, FullName: { } fullName })
            {
                TypeTags tags = Collect(type);
                if (tags.ClassIds.Count > 0 || tags.MethodIds.Count > 0)
                {
                    _types[fullName] = tags;
                }
            }
        }
    }

    private TypeTags Collect(Type type)
    {
        var tags = new TypeTags();
        for (Type? current = type; current is not null && current != typeof(object); current = SafeBase(current))
        {
            ReadIds(current.FullName ?? current.Name, () => current.GetCustomAttributesData(), tags.ClassIds);
            MethodInfo[] methods;
            try
            {
                methods = current.GetMethods(AllDeclared);
            }
            catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException)
            {
                _warnings.Add($"{current.FullName}: cannot list methods: {ex.Message}");
                continue;
            }
            foreach (MethodInfo method in methods)
            {
                var ids = new SortedSet<string>(StringComparer.Ordinal);
                ReadIds($"{current.FullName}.{method.Name}", method.GetCustomAttributesData, ids);
                if (ids.Count == 0)
                {
                    continue;
                }
                if (!tags.MethodIds.TryGetValue(method.Name, out SortedSet<string>? existing))
                {
                    tags.MethodIds[method.Name] = existing = new SortedSet<string>(StringComparer.Ordinal);
                }
                existing.UnionWith(ids);
            }
        }
        return tags;
    }

    private Type? SafeBase(Type type)
    {
        try
        {
            return type.BaseType;
        }
        catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException)
        {
            _warnings.Add($"{type.FullName}: cannot load base type: {ex.Message}");
            return null;
        }
    }

    private void ReadIds(string owner, Func<IList<CustomAttributeData>> read, ISet<string> into)
    {
        IList<CustomAttributeData> attributes;
        try
        {
            attributes = read();
        }
        catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException)
        {
            _warnings.Add($"{owner}: cannot read attributes: {ex.Message}");
            return;
        }
        foreach (CustomAttributeData attribute in attributes)
        {
            string? name = attribute.AttributeType.FullName;
            IList<CustomAttributeTypedArgument> args = attribute.ConstructorArguments;
            if (name == RequirementAttributeName && args.Count == 1 && args[0].Value is string id)
            {
                into.Add(id.Trim());
            }
            else if (name == NUnitPropertyAttributeName && args.Count == 2
                && args[0].Value is string property
                && string.Equals(property, RequirementAttribute.PropertyName, StringComparison.Ordinal)
                && args[1].Value is string value)
            {
                into.Add(value.Trim());
            }
        }
    }

    private sealed class TypeTags
    {
        public SortedSet<string> ClassIds { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SortedSet<string>> MethodIds { get; } = new(StringComparer.Ordinal);
    }
}
