using System.Text.Json;
using Libp2p.Idl.Commands;
using Libp2p.Idl.Emit;

namespace Libp2p.Idl.Tests;

/// <summary>The logic behind <c>idl check</c>, <c>idl compile</c> and <c>idl catalog</c>.</summary>
public sealed class CommandTests
{
    [Test]
    public void Check_prints_a_one_line_summary_on_valid_modules()
    {
        var (code, stdout, stderr) = Run((o, e) => IdlCommands.Check(TestPaths.FixtureModules, o, e));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(stdout, Is.EqualTo("ok: 2 modules, 3 interfaces, 5 requirements (1 MUST, 1 MUST NOT, 1 SHOULD, 1 SHOULD NOT, 1 MAY), 0 errors\n"));
            Assert.That(stderr, Is.Empty);
        });
    }

    [Test]
    public void Check_prints_every_diagnostic_and_fails_on_invalid_modules()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "demo.yaml"), "module: other\ntitle: T\nspec: { repo: r, path: p }\ncolour: red\n");
            var (code, stdout, stderr) = Run((o, e) => IdlCommands.Check(dir, o, e));
            string file = Path.Combine(dir, "demo.yaml");
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(IdlCommands.ExitInvalid));
                Assert.That(stdout, Is.Empty);
                Assert.That(stderr, Is.EqualTo(
                    $"{file}:1:9: module name 'other' does not match the file name 'demo'\n" +
                    $"{file}:4:1: unknown key 'colour' in module (allowed: module, title, spec, csharp, protocols, types, interfaces, errors, requirements)\n" +
                    "2 error(s)\n"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Compile_writes_all_outputs_and_rewrites_only_changed_files()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string stale = Path.Combine(dir, "csharp", "Removed.g.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
            File.WriteAllText(stale, "// from an older module set");

            var (code, stdout, _) = Run((o, e) => IdlCommands.Compile(TestPaths.FixtureModules, dir, o, e));
            Assert.That(code, Is.Zero);
            Assert.That(stdout, Is.EqualTo($"11 files in {dir} (12 changed)\n"));
            Assert.That(File.Exists(stale), Is.False, "files no longer generated are removed");
            IdlCompilation compilation = IdlCompilation.LoadDirectory(TestPaths.FixtureModules);
            Assert.Multiple(() =>
            {
                Assert.That(Directory.GetFiles(Path.Combine(dir, "csharp")).Select(Path.GetFileName), Is.EquivalentTo(CSharpEmitter.Emit(compilation).Keys));
                Assert.That(File.ReadAllText(Path.Combine(dir, TypeScriptEmitter.FileName)), Is.EqualTo(TypeScriptEmitter.Emit(compilation)));
                Assert.That(File.ReadAllText(Path.Combine(dir, ManifestEmitter.FileName)), Is.EqualTo(ManifestEmitter.Emit(compilation)));
                Assert.That(File.ReadAllText(Path.Combine(dir, CatalogEmitter.FileName)), Is.EqualTo(CatalogEmitter.Emit(compilation)));
            });

            string probe = Path.Combine(dir, TypeScriptEmitter.FileName);
            var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(probe, old);
            var (again, secondOut, _) = Run((o, e) => IdlCommands.Compile(TestPaths.FixtureModules, dir, o, e));
            Assert.Multiple(() =>
            {
                Assert.That(again, Is.Zero);
                Assert.That(secondOut, Is.EqualTo($"11 files in {dir} (0 changed)\n"));
                Assert.That(File.GetLastWriteTimeUtc(probe), Is.EqualTo(old), "an unchanged output keeps its timestamp");
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Catalog_prints_an_aligned_table()
    {
        var (code, stdout, _) = Run((o, e) => IdlCommands.Catalog(TestPaths.FixtureModules, json: false, o, e));
        string[] lines = stdout.TrimEnd('\n').Split('\n');
        Assert.That(code, Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(6));
        Assert.That(lines[0], Does.Match("^ID +LEVEL +MODULE +SPEC +SECTION +TEXT$"));
        Assert.That(lines[2], Does.Match("^ALPHA-HDR-002 +MUST NOT +alpha +libp2p/specs/alpha/README.md +Framing > Header +A \"quoted\" value \\\\ with a backslash is never sent\\.$"));
        int levelColumn = lines[0].IndexOf("LEVEL", StringComparison.Ordinal);
        Assert.That(lines.Skip(1).Select(l => l.IndexOf(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], StringComparison.Ordinal)),
            Is.All.EqualTo(levelColumn));
    }

    [Test]
    public void Catalog_json_lists_every_requirement_with_all_fields()
    {
        var (code, stdout, _) = Run((o, e) => IdlCommands.Catalog(TestPaths.FixtureModules, json: true, o, e));
        Assert.That(code, Is.Zero);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement[] items = doc.RootElement.EnumerateArray().ToArray();
        Assert.That(items.Select(i => i.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "ALPHA-HDR-001", "ALPHA-HDR-002", "ALPHA-FLOW-001", "BETA-X-001", "BETA-X-002" }));
        JsonElement beta = items[3];
        Assert.Multiple(() =>
        {
            Assert.That(beta.GetProperty("level").GetString(), Is.EqualTo("SHOULD NOT"));
            Assert.That(beta.GetProperty("module").GetString(), Is.EqualTo("beta"));
            Assert.That(beta.GetProperty("text").GetString(), Is.EqualTo("Nothing."));
            Assert.That(beta.GetProperty("section").GetString(), Is.EqualTo("Intro"));
            Assert.That(beta.GetProperty("spec").GetString(), Is.EqualTo("multiformats/beta/README.md"));
        });
    }

    [Test]
    public void Catalog_fails_on_invalid_modules()
    {
        string missing = Path.Combine(Path.GetTempPath(), "idl-missing-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = Run((o, e) => IdlCommands.Catalog(missing, json: true, o, e));
        Assert.That(code, Is.EqualTo(IdlCommands.ExitInvalid));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith($"{missing}:1:1: modules directory not found\n"));
    }

    private static (int Code, string Stdout, string Stderr) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        int code = command(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
