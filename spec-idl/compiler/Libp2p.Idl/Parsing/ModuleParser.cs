using System.Text.RegularExpressions;
using Libp2p.Idl.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Libp2p.Idl.Parsing;

/// <summary>
/// Turns one module file into an <see cref="IdlModule"/>, checking every key against the format of
/// spec-idl/README.md. All problems are collected; parsing never stops at the first one.
/// </summary>
internal sealed partial class ModuleParser
{
    /// <summary>The levels of RFC 2119 a requirement may carry.</summary>
    public static readonly string[] Levels = ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"];

    private readonly ParseContext _ctx;

    private ModuleParser(ParseContext ctx) => _ctx = ctx;

    public static IdlModule? Parse(string file, string text, List<Diagnostic> diagnostics)
    {
        var ctx = new ParseContext(file, diagnostics);
        var stream = new YamlStream();
        var active = new Parser(new StringReader(text));
        try
        {
            if (!Prescan(ctx, active))
            {
                return null;
            }
            active = new Parser(new StringReader(text));
            stream.Load(active);
        }
        catch (YamlException ex)
        {
            ctx.Error(new SourceLocation(file, checked((int)ex.Start.Line), checked((int)ex.Start.Column)), $"invalid YAML: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these untyped on some malformed input; report them at the last event the parser reached.
            Mark at = active.Current?.Start ?? Mark.Empty;
            ctx.Error(new SourceLocation(file, Math.Max(1, checked((int)at.Line)), Math.Max(1, checked((int)at.Column))), "invalid YAML: malformed or unterminated construct starting here");
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            ctx.Error(new SourceLocation(file, 1, 1), stream.Documents.Count == 0 ? "empty module file" : "a module file holds exactly one YAML document");
            return null;
        }
        return new ModuleParser(ctx).Module(stream.Documents[0].RootNode);
    }

    /// <summary>The deepest nesting of collections a module file may have (the format itself needs six).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Walks the event stream before building nodes: aliases are rejected (a few bytes of aliases can make a
    /// walk over the node graph exponential) and so is nesting deeper than <see cref="MaxDepth"/> (node loading
    /// recurses per level). The event parser itself does not recurse.
    /// </summary>
    private static bool Prescan(ParseContext ctx, Parser scanner)
    {
        int depth = 0;
        while (scanner.MoveNext())
        {
            switch (scanner.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    ctx.Error(new SourceLocation(ctx.File, checked((int)alias.Start.Line), checked((int)alias.Start.Column)), "YAML aliases are not allowed in module files");
                    return false;
                case YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart when ++depth > MaxDepth:
                    Mark at = scanner.Current.Start;
                    ctx.Error(new SourceLocation(ctx.File, checked((int)at.Line), checked((int)at.Column)), $"nesting deeper than {MaxDepth} levels");
                    return false;
                case YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd:
                    depth--;
                    break;
            }
        }
        return true;
    }

    private IdlModule? Module(YamlNode root)
    {
        MappingReader? m = _ctx.Mapping(root, "module", "module", "title", "spec", "csharp", "protocols", "types", "interfaces", "errors", "requirements");
        if (m is null)
        {
            return null;
        }
        string? name = m.String("module", required: true);
        string expected = Path.GetFileNameWithoutExtension(_ctx.File);
        if (name is not null && !IdlNames.IsModuleName(name))
        {
            _ctx.Error(m.LocationOf("module"), $"module name '{name}' must be lower-case letters, digits and dashes");
        }
        else if (name is not null && name != expected)
        {
            _ctx.Error(m.LocationOf("module"), $"module name '{name}' does not match the file name '{expected}'");
        }
        string? title = m.String("title", required: true);
        IdlSpec? spec = Spec(m);
        string ns = IdlModule.DefaultNamespace;
        if (m.Node("csharp") is { } csharpNode && _ctx.Mapping(csharpNode, "csharp", "namespace") is { } cs)
        {
            ns = cs.String("namespace") ?? ns;
            if (!NamespacePattern().IsMatch(ns))
            {
                _ctx.Error(cs.LocationOf("namespace"), $"'{ns}' is not a valid C# namespace");
            }
        }
        var protocols = List(m, "protocols", Protocol);
        var types = List(m, "types", TypeDef);
        var interfaces = List(m, "interfaces", Interface);
        var errors = List(m, "errors", Error);
        var requirements = List(m, "requirements", Requirement);
        if (name is null || title is null || spec is null)
        {
            return null;
        }
        return new IdlModule(name, title, spec, ns, protocols, types, interfaces, errors, requirements, _ctx.File);
    }

    private IdlSpec? Spec(MappingReader module)
    {
        YamlNode? node = module.Node("spec");
        if (node is null)
        {
            module.String("spec", required: true);
            return null;
        }
        MappingReader? m = _ctx.Mapping(node, "spec", "repo", "path", "revision");
        string? repo = m?.String("repo", required: true);
        string? path = m?.String("path", required: true);
        return repo is null || path is null ? null : new IdlSpec(repo, path, m!.String("revision"));
    }

    private List<T> List<T>(MappingReader owner, string key, Func<YamlNode, T?> item) where T : class
    {
        var result = new List<T>();
        foreach (YamlNode node in _ctx.Items(owner.Node(key), $"'{key}'"))
        {
            if (item(node) is { } value)
            {
                result.Add(value);
            }
        }
        return result;
    }

    private IdlProtocol? Protocol(YamlNode node)
    {
        MappingReader? m = _ctx.Mapping(node, "protocol", "id", "doc");
        string? id = m?.String("id", required: true);
        if (m is null || id is null)
        {
            return null;
        }
        if (!id.StartsWith('/') || id.Any(char.IsWhiteSpace))
        {
            _ctx.Error(m.LocationOf("id"), $"protocol ID '{id}' must start with '/' and contain no whitespace");
        }
        return new IdlProtocol(id, m.String("doc"), m.Location);
    }

    private IdlTypeDef? TypeDef(YamlNode node)
    {
        MappingReader? m = _ctx.Mapping(node, "type", "name", "kind", "doc", "section", "fields", "values");
        string? name = Name(m, "type");
        string? kind = m?.String("kind", required: true);
        if (m is null || name is null || kind is null)
        {
            return null;
        }
        string what = $"type '{name}'";
        if (kind == "record")
        {
            if (m.Has("values"))
            {
                _ctx.Error(m.LocationOf("values"), $"{what} is a record: use 'fields', not 'values'");
            }
            var fields = Members(m, "fields", $"field of {what}");
            return new IdlTypeDef(name, IdlTypeKind.Record, m.String("doc"), m.String("section"), fields, [], m.Location);
        }
        if (kind == "enum")
        {
            if (m.Has("fields"))
            {
                _ctx.Error(m.LocationOf("fields"), $"{what} is an enum: use 'values', not 'fields'");
            }
            var values = List(m, "values", n => EnumValue(n, what));
            if (values.Count == 0)
            {
                _ctx.Error(m.Location, $"enum {what} has no values");
            }
            Unique(values.Select(v => (v.Name, v.Location)), $"value of {what}");
            return new IdlTypeDef(name, IdlTypeKind.Enum, m.String("doc"), m.String("section"), [], values, m.Location);
        }
        _ctx.Error(m.LocationOf("kind"), $"kind '{kind}' of {what} must be 'record' or 'enum'");
        return null;
    }

    private IdlEnumValue? EnumValue(YamlNode node, string owner)
    {
        MappingReader? m = _ctx.Mapping(node, $"value of {owner}", "name", "value", "doc");
        string? name = Name(m, $"value of {owner}");
        int? value = m?.Int("value", required: true);
        return m is null || name is null || value is null ? null : new IdlEnumValue(name, value.Value, m.String("doc"), m.Location);
    }

    private IdlInterface? Interface(YamlNode node)
    {
        MappingReader? m = _ctx.Mapping(node, "interface", "name", "doc", "section", "extends", "properties", "methods", "events");
        string? name = Name(m, "interface");
        if (m is null || name is null)
        {
            return null;
        }
        string what = $"interface '{name}'";
        var extends = List(m, "extends", n => NameRef(n, $"'extends' of {what}"));
        var properties = Members(m, "properties", $"property of {what}");
        var methods = List(m, "methods", n => Method(n, what));
        var events = Members(m, "events", $"event of {what}");
        Unique(properties.Select(p => (p.Name, p.Location))
            .Concat(methods.Select(x => (x.Name, x.Location)))
            .Concat(events.Select(e => (e.Name, e.Location))), $"member of {what}");
        return new IdlInterface(name, m.String("doc"), m.String("section"), extends, properties, methods, events, m.Location);
    }

    private IdlMethod? Method(YamlNode node, string owner)
    {
        MappingReader? m = _ctx.Mapping(node, $"method of {owner}", "name", "async", "doc", "params", "returns");
        string? name = Name(m, $"method of {owner}");
        if (m is null || name is null)
        {
            return null;
        }
        var parameters = Members(m, "params", $"parameter of method '{name}'");
        TypeRef? returns = null;
        if (m.String("returns") is { } text && text != IdlBuiltins.Void)
        {
            returns = Type(text, m.LocationOf("returns"));
        }
        return new IdlMethod(name, m.Bool("async", fallback: true), m.String("doc"), parameters, returns, m.Location);
    }

    private IdlError? Error(YamlNode node)
    {
        MappingReader? m = _ctx.Mapping(node, "error", "name", "doc", "section", "extends", "message", "fields");
        string? name = Name(m, "error");
        if (m is null || name is null)
        {
            return null;
        }
        string what = $"error '{name}'";
        IdlNameRef? extends = m.Node("extends") is { } e ? NameRef(e, $"'extends' of {what}") : null;
        var fields = Members(m, "fields", $"field of {what}");
        foreach (IdlMember reserved in fields.Where(f => f.Name is "message" or "inner"))
        {
            _ctx.Error(reserved.Location, $"field '{reserved.Name}' of {what} clashes with the exception's own message/inner parameters");
        }
        string? message = m.String("message");
        if (fields.Count > 0 && message is null)
        {
            _ctx.Error(m.Location, $"{what} has fields and so needs a 'message' template using them");
        }
        if (message is not null)
        {
            foreach (Match placeholder in Placeholder().Matches(message))
            {
                string field = placeholder.Groups[1].Value;
                if (fields.All(f => f.Name != field))
                {
                    _ctx.Error(m.LocationOf("message"), $"message of {what} uses '{{{field}}}', which is not one of its fields");
                }
            }
        }
        return new IdlError(name, m.String("doc"), m.String("section"), extends, message, fields, m.Location);
    }

    private IdlRequirement? Requirement(YamlNode node)
    {
        MappingReader? m = _ctx.Mapping(node, "requirement", "id", "level", "text", "section");
        if (m is null)
        {
            return null;
        }
        string? id = m.String("id", required: true);
        string what = id is null ? "requirement" : $"requirement '{id}'";
        m.What = what;
        string? level = m.String("level", required: true);
        string? text = m.String("text", required: true);
        string? section = m.String("section", required: true);
        if (level is not null && Array.IndexOf(Levels, level) < 0)
        {
            _ctx.Error(m.LocationOf("level"), $"level '{level}' of {what} must be one of {string.Join(", ", Levels)}");
            level = null;
        }
        if (id is not null && !IdlNames.IsRequirementId(id))
        {
            _ctx.Error(m.LocationOf("id"), $"requirement ID '{id}' does not match the pattern MODULE-AREA-NNN (upper-case letters and digits, three-digit number)");
            id = null;
        }
        return id is null || level is null || text is null || section is null
            ? null
            : new IdlRequirement(id, level, text, section, m.Location);
    }

    private List<IdlMember> Members(MappingReader owner, string key, string what)
    {
        var members = List(owner, key, n => Member(n, what));
        Unique(members.Select(x => (x.Name, x.Location)), what);
        return members;
    }

    private IdlMember? Member(YamlNode node, string what)
    {
        MappingReader? m = _ctx.Mapping(node, what, "name", "type", "doc");
        string? name = Name(m, what);
        string? type = m?.String("type", required: true);
        if (m is null || name is null || type is null)
        {
            return null;
        }
        TypeRef? typeRef = Type(type, m.LocationOf("type"));
        return typeRef is null ? null : new IdlMember(name, typeRef, m.String("doc"), m.Location);
    }

    private TypeRef? Type(string text, SourceLocation location)
    {
        TypeRef? type = TypeRefParser.Parse(text, location);
        if (type is null)
        {
            _ctx.Error(location, $"malformed type reference '{text}' (expected name, name?, list<T> or list<T>?)");
        }
        return type;
    }

    private IdlNameRef? NameRef(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } value } && IdlNames.IsSnakeCase(value))
        {
            return new IdlNameRef(value, _ctx.At(node));
        }
        _ctx.Error(node, $"{what} must be a snake_case name");
        return null;
    }

    private string? Name(MappingReader? m, string what)
    {
        string? name = m?.String("name", required: true);
        if (name is not null && !IdlNames.IsSnakeCase(name))
        {
            _ctx.Error(m!.LocationOf("name"), $"name '{name}' of {what} must be snake_case");
            return null;
        }
        return name;
    }

    private void Unique(IEnumerable<(string Name, SourceLocation Location)> items, string what)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (name, location) in items)
        {
            if (!seen.TryAdd(name, location))
            {
                _ctx.Error(location, $"'{name}' is declared twice as {what} (first at {seen[name]})");
            }
        }
    }

    [GeneratedRegex(@"\{([a-z0-9_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex NamespacePattern();
}
