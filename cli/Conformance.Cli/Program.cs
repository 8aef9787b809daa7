using System.CommandLine;
using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Entry point of <c>./conformance</c>: one subcommand per feature, registered here.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "libp2p-conformance: spec-driven conformance suites, the interop matrix and perf runs for libp2p implementations.");
        foreach (Command command in CommandRegistry.All())
        {
            root.Subcommands.Add(command);
        }
        return root.Parse(args).Invoke();
    }
}
