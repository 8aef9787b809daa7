using Libp2p.Idl;
using Libp2p.Idl.Emit;
using Libp2p.Idl.Model;

namespace Libp2p.Idl.Tool;

/// <summary>
/// Build-time driver of the IDL compiler, run by spec-idl/compiler/Idl.targets:
/// <c>emit-csharp --modules DIR --out DIR</c> and <c>emit-catalog --modules DIR --out FILE</c>.
/// Diagnostics go to stderr as <c>file:line:column: message</c> (or, with <c>--msbuild-errors</c>, in MSBuild's
/// canonical error format so a build shows them as errors); the exit code is non-zero on any.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: Libp2p.Idl.Tool (emit-csharp --modules DIR --out DIR | emit-catalog --modules DIR --out FILE) [--msbuild-errors]";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool msbuild = args.Length == 6 && args[5] == "--msbuild-errors";
        if (args.Length != (msbuild ? 6 : 5) || args[1] != "--modules" || args[3] != "--out")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string command = args[0], modules = args[2], output = args[4];
        if (command is not ("emit-csharp" or "emit-catalog"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        IdlCompilation compilation = IdlCompilation.LoadDirectory(modules);
        foreach (Diagnostic diagnostic in compilation.Diagnostics)
        {
            // MSBuild's Exec recognises "file(line,col): error CODE: text" and shows it as a build error.
            Console.Error.WriteLine(msbuild
                ? $"{diagnostic.Location.File}({diagnostic.Location.Line},{diagnostic.Location.Column}): error IDL001: {diagnostic.Message}"
                : diagnostic.ToString());
        }
        if (compilation.HasErrors)
        {
            return 1;
        }
        if (command == "emit-csharp")
        {
            OutputWriter.SyncDirectory(output, CSharpEmitter.Emit(compilation));
        }
        else
        {
            OutputWriter.WriteIfChanged(output, CatalogEmitter.Emit(compilation));
        }
        return 0;
    }
}
