namespace Libp2p.Idl.Tests;

/// <summary>The validation rules beyond the requirement list: names, types, interfaces and errors.</summary>
public sealed class SemanticValidationTests
{
    private const string Header = """
        module: demo
        title: Demo
        spec: { repo: libp2p/specs, path: demo/README.md }

        """;

    private static string[] Diagnose(string body, string file = "m/demo.yaml") =>
        IdlCompilation.FromSources([(file, Header + body)]).Diagnostics.Select(d => d.ToString()).ToArray();

    [Test]
    public void Malformed_type_reference()
    {
        string[] d = Diagnose("types:\n  - { name: t, kind: record, fields: [ { name: f, type: \"list<u8\" } ] }");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:57: malformed type reference 'list<u8' (expected name, name?, list<T> or list<T>?)" }));
    }

    [Test]
    public void Disposable_is_only_a_base_interface()
    {
        string[] d = Diagnose("types:\n  - { name: t, kind: record, fields: [ { name: f, type: disposable } ] }");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:57: 'disposable' is only allowed in 'extends'" }));
    }

    [Test]
    public void Extending_an_unknown_interface()
    {
        string[] d = Diagnose("interfaces:\n  - { name: a, extends: [duplex_stream, nothing] }");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:41: interface 'a' extends unknown interface 'nothing'" }));
    }

    [Test]
    public void Interfaces_extending_each_other_in_a_cycle()
    {
        string[] d = Diagnose("interfaces:\n  - { name: a, extends: [b] }\n  - { name: b, extends: [a] }");
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:5:5: interface 'a' extends itself through its base interfaces",
            "m/demo.yaml:6:5: interface 'b' extends itself through its base interfaces",
        }));
    }

    [Test]
    public void Type_names_are_unique_across_modules()
    {
        string other = Header.Replace("module: demo", "module: other", StringComparison.Ordinal) + "interfaces:\n  - { name: widget }";
        var d = IdlCompilation.FromSources([("m/demo.yaml", Header + "types:\n  - { name: widget, kind: enum, values: [ { name: a, value: 1 } ] }"), ("m/other.yaml", other)])
            .Diagnostics.Select(x => x.ToString());
        Assert.That(d, Is.EqualTo(new[] { "m/other.yaml:5:5: duplicate type or interface name 'widget' (first declared at m/demo.yaml:5:5)" }));
    }

    [Test]
    public void Built_in_names_cannot_be_redeclared()
    {
        string[] d = Diagnose("interfaces:\n  - { name: peer_id }");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:5: 'peer_id' is a built-in type name and cannot be redeclared" }));
    }

    [Test]
    public void Error_with_fields_needs_a_message_template_using_only_its_fields()
    {
        string[] d = Diagnose("""
            errors:
              - name: a
                fields: [ { name: x, type: u32 } ]
              - name: b
                fields: [ { name: x, type: u32 } ]
                message: "{x} and {y}"
              - name: c
                fields: [ { name: message, type: string } ]
                message: "{message}"
            """);
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:5:5: error 'a' has fields and so needs a 'message' template using them",
            "m/demo.yaml:9:14: message of error 'b' uses '{y}', which is not one of its fields",
            "m/demo.yaml:11:15: field 'message' of error 'c' clashes with the exception's own message/inner parameters",
        }));
    }

    [Test]
    public void Error_extending_an_unknown_error()
    {
        string[] d = Diagnose("errors:\n  - { name: a, extends: b }");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:25: error 'a' extends unknown error 'b'" }));
    }

    [Test]
    public void Enum_and_record_shapes_are_checked()
    {
        string[] d = Diagnose("""
            types:
              - { name: e, kind: enum, fields: [] }
              - { name: r, kind: struct }
              - { name: v, kind: enum, values: [ { name: big, value: 4294967296 } ] }
            """);
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:5:5: enum type 'e' has no values",
            "m/demo.yaml:5:36: type 'e' is an enum: use 'values', not 'fields'",
            "m/demo.yaml:6:22: kind 'struct' of type 'r' must be 'record' or 'enum'",
            "m/demo.yaml:7:5: enum type 'v' has no values",
            "m/demo.yaml:7:58: 'value' in value of type 'v' must be an integer in the 32-bit signed range",
        }));
    }

    [Test]
    public void Names_must_be_snake_case_and_unique_per_interface()
    {
        string[] d = Diagnose("""
            interfaces:
              - name: Widget
              - name: gadget
                properties: [ { name: size, type: u32 } ]
                methods: [ { name: size, async: maybe } ]
            """);
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:5:11: name 'Widget' of interface must be snake_case",
            "m/demo.yaml:8:16: 'size' is declared twice as member of interface 'gadget' (first at m/demo.yaml:7:19)",
            "m/demo.yaml:8:37: 'async' in method of interface 'gadget' must be true or false",
        }));
    }

    [Test]
    public void Protocol_ids_start_with_a_slash()
    {
        string[] d = Diagnose("protocols:\n  - id: yamux/1.0.0");
        Assert.That(d, Is.EqualTo(new[] { "m/demo.yaml:5:9: protocol ID 'yamux/1.0.0' must start with '/' and contain no whitespace" }));
    }

    [Test]
    public void Missing_header_keys_and_wrong_shapes()
    {
        var d = IdlCompilation.FromSources([("m/demo.yaml", "module: demo\nspec: libp2p/specs\nrequirements: {}\n")])
            .Diagnostics.Select(x => x.ToString());
        Assert.That(d, Is.EqualTo(new[]
        {
            "m/demo.yaml:1:1: module is missing required key 'title'",
            "m/demo.yaml:2:7: spec must be a mapping",
            "m/demo.yaml:3:15: 'requirements' must be a list",
        }));
    }

    [Test]
    public void Empty_file_and_module_name_pattern()
    {
        var empty = IdlCompilation.FromSources([("m/empty.yaml", "")]).Diagnostics.Select(x => x.ToString());
        Assert.That(empty, Is.EqualTo(new[] { "m/empty.yaml:1:1: empty module file" }));
        var upper = IdlCompilation.FromSources([("m/Demo.yaml", Header.Replace("module: demo", "module: Demo", StringComparison.Ordinal))])
            .Diagnostics.Select(x => x.ToString());
        Assert.That(upper, Is.EqualTo(new[] { "m/Demo.yaml:1:9: module name 'Demo' must be lower-case letters, digits and dashes" }));
    }

    [Test]
    public void Missing_directory_and_empty_directory_are_diagnostics()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            Assert.That(IdlCompilation.LoadDirectory(dir).Diagnostics.Single().ToString(), Is.EqualTo($"{dir}:1:1: no module files (*.yaml) found"));
            string missing = Path.Combine(dir, "nope");
            Assert.That(IdlCompilation.LoadDirectory(missing).Diagnostics.Single().ToString(), Is.EqualTo($"{missing}:1:1: modules directory not found"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
