using System.CommandLine;

namespace Conformance.Cli.Commands;

/// <summary>The list of subcommands; each feature adds its factory here.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return TestCommand.Create();
    }
}
