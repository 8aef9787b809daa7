using System.CommandLine;

namespace Conformance.Cli.Commands;

/// <summary>The list of subcommands; each feature adds its factory here.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return TestCommand.Create();
        yield return MultiaddrCommand.Create();
        yield return PeerIdCommand.Create();
        yield return IdlCommand.Create();
        yield return ConformanceCommand.Create();
        yield return ListenCommand.Create();
        yield return PingCommand.Create();
        yield return IdentifyCommand.Create();
        yield return EchoCommand.Create();
        yield return NodeCommand.Create();
        yield return InteropCommand.Create();
        yield return PerfNodeCommand.Create();
        yield return PerfCommand.Create();
        yield return DaemonCommand.Create();
        yield return DaemonInteropCommand.Create();
    }
}
