using Libp2p.Idl.Model;
using Libp2p.Idl.Parsing;

namespace Libp2p.Idl;

/// <summary>
/// The parsed and validated set of modules (spec-idl/README.md). Diagnostics are collected across all
/// files, sorted by file, line and column; emitters run only on a compilation without diagnostics.
/// </summary>
public sealed class IdlCompilation
{
    /// <summary>A module file larger than this is rejected before parsing (modules are hand-written text).</summary>
    public const long MaxModuleFileBytes = 4 * 1024 * 1024;

    private IdlCompilation(IReadOnlyList<IdlModule> modules, IReadOnlyList<Diagnostic> diagnostics)
    {
        Modules = modules;
        Diagnostics = diagnostics;
    }

    /// <summary>The modules that parsed, ordered by module name.</summary>
    public IReadOnlyList<IdlModule> Modules { get; }

    /// <summary>Every problem found, ordered by file, line and column.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic was reported.</summary>
    public bool HasErrors => Diagnostics.Count > 0;

    /// <summary>Every requirement with its module, in module order then declaration order.</summary>
    public IEnumerable<(IdlModule Module, IdlRequirement Requirement)> Requirements =>
        Modules.SelectMany(m => m.Requirements.Select(r => (m, r)));

    /// <summary>Loads every <c>*.yaml</c> file of <paramref name="directory"/> (not recursive).</summary>
    public static IdlCompilation LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new IdlCompilation([], [new Diagnostic(new SourceLocation(directory, 1, 1), "modules directory not found")]);
        }
        var files = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return new IdlCompilation([], [new Diagnostic(new SourceLocation(directory, 1, 1), "no module files (*.yaml) found")]);
        }
        var sources = new List<(string File, string Text)>(files.Count);
        var tooLarge = new List<Diagnostic>();
        foreach (string file in files)
        {
            if (new FileInfo(file).Length > MaxModuleFileBytes)
            {
                tooLarge.Add(new Diagnostic(new SourceLocation(file, 1, 1), $"module file exceeds {MaxModuleFileBytes} bytes"));
                continue;
            }
            sources.Add((file, File.ReadAllText(file)));
        }
        return FromSources(sources, tooLarge);
    }

    /// <summary>Parses and validates in-memory module sources (file names are used for diagnostics and module names).</summary>
    public static IdlCompilation FromSources(IEnumerable<(string File, string Text)> sources) => FromSources(sources, []);

    private static IdlCompilation FromSources(IEnumerable<(string File, string Text)> sources, IEnumerable<Diagnostic> initial)
    {
        var diagnostics = new List<Diagnostic>(initial);
        var modules = new List<IdlModule>();
        foreach (var (file, text) in sources)
        {
            if (ModuleParser.Parse(file, text, diagnostics) is { } module)
            {
                modules.Add(module);
            }
        }
        modules.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        CrossModuleValidator.Validate(modules, diagnostics);
        var sorted = diagnostics
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        return new IdlCompilation(modules, sorted);
    }
}
