using System.CommandLine;
using System.CommandLine.Help;
using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Entry point of <c>./conformance</c>: one subcommand per feature, registered here.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        // Not a RootCommand: that one is named after the executable ("conformance"), which would clash with the
        // `conformance` subcommand in System.CommandLine's symbol table.
        var root = new Command(
            "libp2p-conformance",
            "libp2p-conformance: spec-driven conformance suites, the interop matrix and perf runs for libp2p implementations.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        foreach (Command command in CommandRegistry.All())
        {
            root.Subcommands.Add(command);
        }
        return root.Parse(args).Invoke();
    }
}
