namespace Libp2p.Idl.Tests;

/// <summary>One test per class of validation error, each asserting the exact <c>file:line:column: message</c> text.</summary>
public sealed class ValidationTests
{
    private const string Valid = """
        module: demo
        title: Demo
        spec:
          repo: libp2p/specs
          path: demo/README.md
        requirements:
          - id: DEMO-X-001
            level: MUST
            text: Something holds.
            section: Intro
        """;

    private static string[] Diagnose(params (string File, string Text)[] sources) =>
        IdlCompilation.FromSources(sources).Diagnostics.Select(d => d.ToString()).ToArray();

    [Test]
    public void A_valid_module_has_no_diagnostics()
    {
        IdlCompilation compilation = IdlCompilation.FromSources([("m/demo.yaml", Valid)]);
        Assert.That(compilation.Diagnostics, Is.Empty);
        Assert.That(compilation.Requirements.Single().Requirement.Id, Is.EqualTo("DEMO-X-001"));
    }

    [Test]
    public void Bad_yaml_is_reported_at_the_construct_that_breaks()
    {
        string[] d = Diagnose(("m/demo.yaml", "module: demo\ntitle: [unclosed\nspec: x\n"));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:2:8: invalid YAML: malformed or unterminated construct starting here" }));
    }

    [Test]
    public void Bad_yaml_scanner_error_is_reported_with_the_parser_message()
    {
        string[] d = Diagnose(("m/demo.yaml", "module: demo\ntitle: \"unterminated\n"));
        Assert.That(d, Has.Length.EqualTo(1));
        Assert.That(d[0], Does.Match(@"^m/demo\.yaml:2:8: invalid YAML: .+"));
    }

    [Test]
    public void Duplicate_mapping_key_is_bad_yaml()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("title: Demo", "title: Demo\ntitle: Again", StringComparison.Ordinal)));
        Assert.That(d, Has.Length.EqualTo(1));
        Assert.That(d[0], Does.Match(@"^m/demo\.yaml:3:1: invalid YAML: .*[Dd]uplicate key"));
    }

    [Test]
    public void Unknown_key_is_reported_at_the_key()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("title: Demo", "title: Demo\ncolour: red", StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:3:1: unknown key 'colour' in module (allowed: module, title, spec, csharp, protocols, types, interfaces, errors, requirements)",
        }));
    }

    [Test]
    public void Unknown_key_inside_a_requirement_is_reported_at_the_key()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid + "\n    note: extra"));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:11:5: unknown key 'note' in requirement (allowed: id, level, text, section)" }));
    }

    [Test]
    public void Duplicate_requirement_id_across_modules_names_both_places()
    {
        string other = Valid.Replace("module: demo", "module: other", StringComparison.Ordinal);
        string[] d = Diagnose(("m/demo.yaml", Valid), ("m/other.yaml", other));
        Assert.That(d, Is.EqualTo(new[] { "m/other.yaml:7:5: duplicate requirement ID 'DEMO-X-001' (first declared at m/demo.yaml:7:5)" }));
    }

    [Test]
    public void Dangling_type_reference_is_reported_at_the_type()
    {
        string module = Valid + """

            interfaces:
              - name: widget
                properties:
                  - { name: size, type: "list<gizmo>?" }
            """;
        string[] d = Diagnose(("m/demo.yaml", module));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:14:29: unknown type 'gizmo' (not a built-in, nor a type or interface of any module)" }));
    }

    [Test]
    public void Bad_level_is_reported_at_the_level()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("level: MUST", "level: REQUIRED", StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:8:12: level 'REQUIRED' of requirement 'DEMO-X-001' must be one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY" }));
    }

    [Test]
    public void Missing_section_is_reported_at_the_requirement()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("\n    section: Intro", "", StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:7:5: requirement 'DEMO-X-001' is missing required key 'section'" }));
    }

    [Test]
    public void Empty_section_is_reported_at_the_value()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("section: Intro", "section: \"\"", StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:10:14: 'section' in requirement 'DEMO-X-001' must not be empty" }));
    }

    [TestCase("demo-x-001")]
    [TestCase("DEMO-001")]
    [TestCase("DEMO-X-1")]
    [TestCase("DEMO_X_001")]
    public void Bad_requirement_id_is_reported_at_the_id(string id)
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("DEMO-X-001", id, StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[]
        {
            $"m/demo.yaml:7:9: requirement ID '{id}' does not match the pattern MODULE-AREA-NNN (upper-case letters and digits, three-digit number)",
        }));
    }

    [Test]
    public void Module_name_must_equal_the_file_name()
    {
        string[] d = Diagnose(("m/demo.yaml", Valid.Replace("module: demo", "module: demos", StringComparison.Ordinal)));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:1:9: module name 'demos' does not match the file name 'demo'" }));
    }

    [Test]
    public void Every_problem_is_collected_not_only_the_first()
    {
        string broken = Valid
            .Replace("title: Demo", "title: Demo\nextra: 1", StringComparison.Ordinal)
            .Replace("level: MUST", "level: must", StringComparison.Ordinal)
            .Replace("\n    section: Intro", "", StringComparison.Ordinal);
        string[] d = Diagnose(("m/demo.yaml", broken), ("m/bad.yaml", "module: [\n"));
        Assert.That(d, Has.Length.EqualTo(4));
        Assert.Multiple(() =>
        {
            Assert.That(d[0], Does.StartWith("m/bad.yaml:"));
            Assert.That(d[1], Does.StartWith("m/demo.yaml:3:1: unknown key 'extra'"));
            Assert.That(d[2], Does.StartWith("m/demo.yaml:8:5: requirement 'DEMO-X-001' is missing required key 'section'"));
            Assert.That(d[3], Does.StartWith("m/demo.yaml:9:12: level 'must'"));
        });
    }

    [Test]
    public void Aliases_are_rejected_before_the_node_graph_is_walked()
    {
        string text = Valid + "\ntypes:\n  - &t { name: a, kind: enum, values: [ { name: x, value: 1 } ] }\n  - *t";
        string[] d = Diagnose(("m/demo.yaml", text));
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:13:5: YAML aliases are not allowed in module files" }));
    }

    [Test]
    public void Deep_nesting_is_rejected_without_recursing()
    {
        string text = "module: demo\ntitle: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        string[] d = Diagnose(("m/demo.yaml", text));
        Assert.That(d, Is.EqualTo(new[] { $"m/demo.yaml:2:{7 + ModuleParserDepth}: nesting deeper than {ModuleParserDepth} levels" }));
    }

    private static int ModuleParserDepth => Parsing.ModuleParser.MaxDepth;
}
