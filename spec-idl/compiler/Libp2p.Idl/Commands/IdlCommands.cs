using System.Text;
using Libp2p.Idl.Emit;
using Libp2p.Idl.Model;

namespace Libp2p.Idl.Commands;

/// <summary>
/// The logic of the <c>idl check</c>, <c>idl compile</c> and <c>idl catalog</c> CLI commands, kept here so it is
/// testable without a process: results go to <c>stdout</c>, diagnostics to <c>stderr</c>, the return value is the exit code.
/// </summary>
public static class IdlCommands
{
    /// <summary>Exit code when the modules have errors.</summary>
    public const int ExitInvalid = 1;

    /// <summary>Validates the modules of <paramref name="modulesDir"/>; prints each diagnostic, or a one-line summary.</summary>
    public static int Check(string modulesDir, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        IdlCompilation compilation = IdlCompilation.LoadDirectory(modulesDir);
        if (Report(compilation, stderr))
        {
            return ExitInvalid;
        }
        int requirements = compilation.Requirements.Count();
        var byLevel = compilation.Requirements.GroupBy(x => x.Requirement.Level)
            .OrderBy(g => Array.IndexOf(Parsing.ModuleParser.Levels, g.Key))
            .Select(g => $"{g.Count()} {g.Key}");
        int interfaces = compilation.Modules.Sum(m => m.Interfaces.Count);
        stdout.WriteLine(
            $"ok: {compilation.Modules.Count} modules, {interfaces} interfaces, {requirements} requirements" +
            (requirements > 0 ? $" ({string.Join(", ", byLevel)})" : "") + ", 0 errors");
        return 0;
    }

    /// <summary>
    /// Writes the C# interfaces (<c>csharp/*.g.cs</c>), the catalog (<c>RequirementCatalog.g.cs</c>), the TypeScript
    /// declarations and the JSON manifest into <paramref name="outDir"/>; only changed files are rewritten.
    /// </summary>
    public static int Compile(string modulesDir, string outDir, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        IdlCompilation compilation = IdlCompilation.LoadDirectory(modulesDir);
        if (Report(compilation, stderr))
        {
            return ExitInvalid;
        }
        SortedDictionary<string, string> csharp = CSharpEmitter.Emit(compilation);
        int changed = OutputWriter.SyncDirectory(Path.Combine(outDir, "csharp"), csharp);
        changed += OutputWriter.WriteIfChanged(Path.Combine(outDir, CatalogEmitter.FileName), CatalogEmitter.Emit(compilation)) ? 1 : 0;
        changed += OutputWriter.WriteIfChanged(Path.Combine(outDir, TypeScriptEmitter.FileName), TypeScriptEmitter.Emit(compilation)) ? 1 : 0;
        changed += OutputWriter.WriteIfChanged(Path.Combine(outDir, ManifestEmitter.FileName), ManifestEmitter.Emit(compilation)) ? 1 : 0;
        stdout.WriteLine($"{csharp.Count + 3} files in {outDir} ({changed} changed)");
        return 0;
    }

    /// <summary>Prints every requirement, as a table or (with <paramref name="json"/>) as a JSON array.</summary>
    public static int Catalog(string modulesDir, bool json, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        IdlCompilation compilation = IdlCompilation.LoadDirectory(modulesDir);
        if (Report(compilation, stderr))
        {
            return ExitInvalid;
        }
        if (json)
        {
            stdout.Write(ManifestEmitter.Requirements(compilation));
            return 0;
        }
        var rows = new List<string[]> { new[] { "ID", "LEVEL", "MODULE", "SPEC", "SECTION", "TEXT" } };
        rows.AddRange(compilation.Requirements.Select(x =>
            new[] { x.Requirement.Id, x.Requirement.Level, x.Module.Name, x.Module.Spec.Document, x.Requirement.Section, x.Requirement.Text }));
        stdout.Write(Table(rows));
        return 0;
    }

    /// <summary>Lays out <paramref name="rows"/> in columns padded to their widest cell (the last column is not padded).</summary>
    public static string Table(IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        var sb = new StringBuilder();
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                sb.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static bool Report(IdlCompilation compilation, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (Diagnostic d in compilation.Diagnostics)
        {
            stderr.WriteLine(d.ToString());
        }
        if (compilation.HasErrors)
        {
            stderr.WriteLine($"{compilation.Diagnostics.Count} error(s)");
        }
        return compilation.HasErrors;
    }
}
