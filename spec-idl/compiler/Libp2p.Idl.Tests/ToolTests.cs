using Libp2p.Idl.Emit;

namespace Libp2p.Idl.Tests;

/// <summary>The build-time driver (Libp2p.Idl.Tool) run by Idl.targets.</summary>
[NonParallelizable]
public sealed class ToolTests
{
    [Test]
    public void Bad_arguments_print_usage_and_exit_2()
    {
        var (code, stderr) = Run("emit-everything", "--modules", "x", "--out", "y");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.StartWith("usage: "));
        Assert.That(Run("emit-csharp", "--modules", "x").Code, Is.EqualTo(2));
    }

    [Test]
    public void Emit_csharp_and_catalog_write_the_emitter_output()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string csharp = Path.Combine(dir, "cs");
            string catalog = Path.Combine(dir, "cat", CatalogEmitter.FileName);
            Assert.That(Run("emit-csharp", "--modules", TestPaths.FixtureModules, "--out", csharp).Code, Is.Zero);
            Assert.That(Run("emit-catalog", "--modules", TestPaths.FixtureModules, "--out", catalog).Code, Is.Zero);
            IdlCompilation compilation = IdlCompilation.LoadDirectory(TestPaths.FixtureModules);
            Assert.That(Directory.GetFiles(csharp).Select(Path.GetFileName), Is.EquivalentTo(CSharpEmitter.Emit(compilation).Keys));
            Assert.That(File.ReadAllText(catalog), Is.EqualTo(CatalogEmitter.Emit(compilation)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Invalid_modules_exit_1_with_diagnostics_in_both_formats()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string file = Path.Combine(dir, "demo.yaml");
            File.WriteAllText(file, "module: demo\ntitle: T\nspec: { repo: r, path: p }\nrequirements:\n  - { id: DEMO-X-001, level: MUST, text: t }\n");
            string output = Path.Combine(dir, "out");
            var (code, stderr) = Run("emit-csharp", "--modules", dir, "--out", output);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Is.EqualTo($"{file}:5:5: requirement 'DEMO-X-001' is missing required key 'section'\n"));
            var (msbuildCode, msbuild) = Run("emit-catalog", "--modules", dir, "--out", output, "--msbuild-errors");
            Assert.That(msbuildCode, Is.EqualTo(1));
            Assert.That(msbuild, Is.EqualTo($"{file}(5,5): error IDL001: requirement 'DEMO-X-001' is missing required key 'section'\n"));
            Assert.That(Directory.Exists(output), Is.False, "nothing is written when the modules are invalid");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Code, string Stderr) Run(params string[] args)
    {
        TextWriter original = Console.Error;
        using var stderr = new StringWriter { NewLine = "\n" };
        Console.SetError(stderr);
        try
        {
            return (Tool.Program.Main(args), stderr.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
