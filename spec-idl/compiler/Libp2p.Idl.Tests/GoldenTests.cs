using Libp2p.Idl.Emit;

namespace Libp2p.Idl.Tests;

/// <summary>
/// Every emitter against expected files, byte for byte. Set IDL_UPDATE_GOLDEN=1 to rewrite the expected files
/// in the source tree after an intended change, then review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static IdlCompilation Fixture()
    {
        IdlCompilation compilation = IdlCompilation.LoadDirectory(TestPaths.FixtureModules);
        Assert.That(compilation.Diagnostics, Is.Empty, "the fixture modules are valid");
        return compilation;
    }

    [Test]
    public void CSharp_interfaces_records_enums_and_errors_match_golden_files()
    {
        SortedDictionary<string, string> files = CSharpEmitter.Emit(Fixture());
        Assert.That(files.Keys, Is.EqualTo(new[]
        {
            "BareException.g.cs", "CloseCode.g.cs", "IBetaService.g.cs", "ISession.g.cs", "IStream.g.cs",
            "SessionClosedException.g.cs", "SessionOptions.g.cs", "WindowExceededException.g.cs",
        }));
        foreach (var (name, content) in files)
        {
            Golden(Path.Combine("csharp", name), content);
        }
    }

    [Test]
    public void Catalog_matches_golden_file() => Golden(CatalogEmitter.FileName, CatalogEmitter.Emit(Fixture()));

    [Test]
    public void TypeScript_declarations_match_golden_file() => Golden(TypeScriptEmitter.FileName, TypeScriptEmitter.Emit(Fixture()));

    [Test]
    public void Json_manifest_matches_golden_file() => Golden(ManifestEmitter.FileName, ManifestEmitter.Emit(Fixture()));

    [Test]
    public void Emitters_are_deterministic()
    {
        IdlCompilation a = Fixture(), b = Fixture();
        Assert.Multiple(() =>
        {
            Assert.That(CSharpEmitter.Emit(a), Is.EqualTo(CSharpEmitter.Emit(b)));
            Assert.That(TypeScriptEmitter.Emit(a), Is.EqualTo(TypeScriptEmitter.Emit(b)));
            Assert.That(ManifestEmitter.Emit(a), Is.EqualTo(ManifestEmitter.Emit(b)));
            Assert.That(CatalogEmitter.Emit(a), Is.EqualTo(CatalogEmitter.Emit(b)));
        });
    }

    private static void Golden(string relative, string actual)
    {
        if (Environment.GetEnvironmentVariable("IDL_UPDATE_GOLDEN") == "1")
        {
            OutputWriter.WriteIfChanged(Path.Combine(TestPaths.ExpectedSource, relative), actual);
            return;
        }
        string path = Path.Combine(TestPaths.Expected, relative);
        Assert.That(File.Exists(path), Is.True, $"missing golden file {relative}");
        byte[] expected = File.ReadAllBytes(path);
        byte[] produced = new System.Text.UTF8Encoding(false).GetBytes(actual);
        Assert.That(produced, Is.EqualTo(expected), $"{relative} differs from its golden file; run with IDL_UPDATE_GOLDEN=1 and review the diff");
    }
}
