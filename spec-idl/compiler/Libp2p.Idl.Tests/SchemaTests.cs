using System.Text.Json;
using Libp2p.Idl.Parsing;

namespace Libp2p.Idl.Tests;

/// <summary>spec-idl/schema/idl.schema.json stays in step with the compiler's rules.</summary>
public sealed class SchemaTests
{
    private static JsonDocument Schema() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "spec-idl", "schema", "idl.schema.json")));

    [Test]
    public void Levels_and_patterns_match_the_compiler()
    {
        using JsonDocument schema = Schema();
        JsonElement defs = schema.RootElement.GetProperty("$defs");
        JsonElement requirement = defs.GetProperty("requirement").GetProperty("properties");
        Assert.Multiple(() =>
        {
            Assert.That(requirement.GetProperty("level").GetProperty("enum").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(ModuleParser.Levels));
            Assert.That(requirement.GetProperty("id").GetProperty("pattern").GetString(), Is.EqualTo(IdlNames.RequirementIdPattern));
            Assert.That(defs.GetProperty("name").GetProperty("pattern").GetString(), Is.EqualTo(IdlNames.SnakeCasePattern));
            Assert.That(defs.GetProperty("moduleName").GetProperty("pattern").GetString(), Is.EqualTo(IdlNames.ModuleNamePattern));
        });
    }

    [Test]
    public void Top_level_and_requirement_keys_match_the_compiler()
    {
        using JsonDocument schema = Schema();
        var topLevel = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var requirement = schema.RootElement.GetProperty("$defs").GetProperty("requirement").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        // The compiler lists its allowed keys in its unknown-key diagnostic.
        string top = IdlCompilation.FromSources([("m/x.yaml", "module: x\ntitle: t\nspec: { repo: r, path: p }\nzz: 1\n")]).Diagnostics.Single().Message;
        string req = IdlCompilation.FromSources([("m/x.yaml", "module: x\ntitle: t\nspec: { repo: r, path: p }\nrequirements:\n  - { id: X-Y-001, level: MAY, text: t, section: s, zz: 1 }\n")])
            .Diagnostics.Single().Message;
        Assert.That(top, Is.EqualTo($"unknown key 'zz' in module (allowed: {string.Join(", ", topLevel)})"));
        Assert.That(req, Is.EqualTo($"unknown key 'zz' in requirement (allowed: {string.Join(", ", requirement)})"));
    }

    [Test]
    public void Every_built_in_type_is_documented_in_the_schema()
    {
        using JsonDocument schema = Schema();
        string description = schema.RootElement.GetProperty("$defs").GetProperty("typeRef").GetProperty("description").GetString()!;
        Assert.That(IdlBuiltins.ValueTypes, Is.All.Matches<string>(t => description.Contains(t, StringComparison.Ordinal)));
    }
}
