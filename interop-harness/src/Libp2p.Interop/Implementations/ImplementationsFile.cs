using Libp2p.Interop.Node;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Libp2p.Interop.Implementations;

/// <summary>Loads and validates <c>implementations.yaml</c> (format in <c>interop-harness/README.md</c>).</summary>
public static class ImplementationsFile
{
    /// <summary>Largest file accepted.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="InteropConfigurationException">Unreadable, malformed or invalid (message carries file:line).</exception>
    public static IReadOnlyList<Implementation> Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InteropConfigurationException($"{path}: file not found");
        }
        if (info.Length > MaxFileBytes)
        {
            throw new InteropConfigurationException($"{path}: larger than {MaxFileBytes} bytes");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in error messages.</summary>
    public static IReadOnlyList<Implementation> Parse(string yaml, string source = "implementations.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        FileDto file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<FileDto?>(yaml) ?? new FileDto();
        }
        catch (YamlException e)
        {
            throw new InteropConfigurationException($"{source}:{e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }
        var result = new List<Implementation>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (ImplementationDto dto in file.Implementations ?? [])
        {
            Implementation implementation = Convert(dto, source);
            if (!ids.Add(implementation.Id))
            {
                throw new InteropConfigurationException($"{source}: duplicate implementation id '{implementation.Id}'");
            }
            result.Add(implementation);
        }
        return result;
    }

    private static Implementation Convert(ImplementationDto dto, string source)
    {
        string id = string.IsNullOrWhiteSpace(dto.Id) ? throw new InteropConfigurationException($"{source}: an implementation has no id") : dto.Id.Trim();
        string where = $"{source}: implementation '{id}'";
        if (id.Contains(" x ", StringComparison.Ordinal) || id.Contains('(') || id.Contains(')') || id.Contains(','))
        {
            throw new InteropConfigurationException($"{where}: id must not contain ' x ', parentheses or commas (they delimit test names)");
        }
        string runtime = dto.Runtime ?? RuntimeKinds.Process;
        if (!RuntimeKinds.All.Contains(runtime))
        {
            throw new InteropConfigurationException($"{where}: unknown runtime '{runtime}' (known: {string.Join(", ", RuntimeKinds.All)})");
        }
        NodeContract contract = dto.Contract switch
        {
            null or "test-plans" => NodeContract.TestPlans,
            "unified" => NodeContract.Unified,
            _ => throw new InteropConfigurationException($"{where}: contract must be 'test-plans' or 'unified', got '{dto.Contract}'"),
        };
        var transports = new List<ImplementationTransport>();
        foreach (object entry in dto.Transports ?? [])
        {
            transports.Add(entry switch
            {
                string name => new ImplementationTransport(name),
                Dictionary<object, object> map when map.TryGetValue("name", out object? name) && name is string n =>
                    new ImplementationTransport(n, map.TryGetValue("onlyDial", out object? d) && d is string s && bool.TryParse(s, out bool b) && b),
                _ => throw new InteropConfigurationException($"{where}: a transport must be a name or {{ name, onlyDial }}"),
            });
        }
        if (transports.Count == 0)
        {
            throw new InteropConfigurationException($"{where}: no transports");
        }
        if (runtime is RuntimeKinds.Process or RuntimeKinds.Browser && (dto.Command is null || dto.Command.Count == 0))
        {
            throw new InteropConfigurationException($"{where}: the {runtime} runtime needs a command");
        }
        if (runtime == RuntimeKinds.Docker && dto.Image is null && dto.Dockerfile is null)
        {
            throw new InteropConfigurationException($"{where}: the docker runtime needs an image or a dockerfile");
        }
        if (dto.TimeoutSecs is < 1 or > 86_400)
        {
            throw new InteropConfigurationException($"{where}: timeoutSecs must be in 1..86400");
        }
        return new Implementation
        {
            Id = id,
            Runtime = runtime,
            Contract = contract,
            Command = dto.Command ?? [],
            Environment = dto.Env ?? [],
            Image = dto.Image,
            Dockerfile = dto.Dockerfile,
            BuildContext = dto.Context,
            Source = dto.Source,
            Transports = transports,
            SecureChannels = dto.SecureChannels ?? [],
            Muxers = dto.Muxers ?? [],
            TimeoutSeconds = dto.TimeoutSecs,
        };
    }

    private sealed class FileDto
    {
        public List<ImplementationDto>? Implementations { get; set; }
    }

    private sealed class ImplementationDto
    {
        public string? Id { get; set; }
        public string? Runtime { get; set; }
        public string? Contract { get; set; }
        public List<string>? Command { get; set; }
        public Dictionary<string, string>? Env { get; set; }
        public string? Image { get; set; }
        public string? Dockerfile { get; set; }
        public string? Context { get; set; }
        public string? Source { get; set; }
        public List<object>? Transports { get; set; }
        public List<string>? SecureChannels { get; set; }
        public List<string>? Muxers { get; set; }
        public int? TimeoutSecs { get; set; }
        public string? Notes { get; set; }
    }
}
