using System.CommandLine;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>listen</c>: runs a reference node serving ping, <c>/echo/1.0.0</c>, identify and <c>/perf/1.0.0</c>; prints each full
/// listen address (with <c>/p2p/&lt;id&gt;</c>) on its own stdout line, then serves until stopped.
/// </summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen")
        {
            Description = "Multiaddr to listen on (repeatable), e.g. /ip4/127.0.0.1/tcp/0",
            DefaultValueFactory = _ => ["/ip4/127.0.0.1/tcp/0"],
            AllowMultipleArgumentsPerToken = true,
        };
        var stack = new StackCliOptions();
        var command = new Command("listen", "Run a reference node serving ping, echo, identify (and push) and perf until stopped (Ctrl+C).");
        command.Options.Add(listen);
        stack.AddTo(command);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(listen)!, stack, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(string[] addresses, StackCliOptions stack, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            await using Node node = ReferenceStack.CreateNode(stack.Read(parse));
            node.InboundUpgradeFailed += e => Console.Error.WriteLine($"inbound connection failed: {e.Message}");
            // perf.md: perf SHOULD NOT be on by default; this test node serves it on purpose.
            node.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
            foreach (string address in addresses)
            {
                Multiaddr bound = await node.ListenAsync(Multiaddr.Parse(address), cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine(bound.ToString());
            }
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: a normal stop.
            }
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CliFailure.Report(e);
        }
    }
}
