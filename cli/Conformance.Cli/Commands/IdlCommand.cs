using System.CommandLine;
using Libp2p.Idl.Commands;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>idl</c>: the neutral IDL compiler (spec-idl/README.md). <c>idl check [DIR]</c> validates the modules,
/// <c>idl compile [DIR] --out DIR</c> writes the C#, TypeScript and JSON outputs, <c>idl catalog [--json]</c>
/// lists every requirement.
/// </summary>
internal static class IdlCommand
{
    public static Command Create()
    {
        var command = new Command("idl", "Validate and compile the neutral IDL (spec-idl/modules/*.yaml).");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Compile());
        command.Subcommands.Add(Catalog());
        return command;
    }

    private static Argument<string?> ModulesArgument() => new("dir")
    {
        Description = "Directory of module files (default: spec-idl/modules of the repository).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static string ModulesDir(string? dir) => string.IsNullOrEmpty(dir) ? RepoPaths.Combine("spec-idl", "modules") : dir;

    private static Command Check()
    {
        Argument<string?> dir = ModulesArgument();
        var command = new Command("check", "Validate the modules; print file:line:column diagnostics (exit 1) or a one-line summary.");
        command.Arguments.Add(dir);
        command.SetAction(parse => IdlCommands.Check(ModulesDir(parse.GetValue(dir)), Console.Out, Console.Error));
        return command;
    }

    private static Command Compile()
    {
        Argument<string?> dir = ModulesArgument();
        var output = new Option<string>("--out") { Description = "Output directory for the .cs, .d.ts and .json files.", Required = true };
        var command = new Command("compile", "Write the generated C# (csharp/*.g.cs, RequirementCatalog.g.cs), TypeScript (.d.ts) and JSON manifest.");
        command.Arguments.Add(dir);
        command.Options.Add(output);
        command.SetAction(parse => IdlCommands.Compile(ModulesDir(parse.GetValue(dir)), parse.GetValue(output)!, Console.Out, Console.Error));
        return command;
    }

    private static Command Catalog()
    {
        Argument<string?> dir = ModulesArgument();
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("catalog", "List every requirement: id, level, module, spec, section, text.");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(parse => IdlCommands.Catalog(ModulesDir(parse.GetValue(dir)), parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }
}
