using System.CommandLine;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Misbehave;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>listen</c>: runs a reference node serving ping, <c>/echo/1.0.0</c>, identify and <c>/perf/1.0.0</c>; prints each full
/// listen address (with <c>/p2p/&lt;id&gt;</c>) on its own stdout line, then serves until stopped. With
/// <c>--misbehave FAULT</c> the node breaks one rule on purpose (Libp2p.Misbehave), so the suites can be shown to fail.
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
        var misbehave = new Option<string?>("--misbehave")
        {
            Description = "Break one rule on purpose, for the mutation check of the conformance suites (TCP only): "
                + string.Join(", ", Faults.All.Select(f => f.Name)),
        };
        var stack = new StackCliOptions();
        var command = new Command("listen", "Run a reference node serving ping, echo, identify (and push) and perf until stopped (Ctrl+C).");
        command.Options.Add(listen);
        command.Options.Add(misbehave);
        stack.AddTo(command);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(listen)!, parse.GetValue(misbehave), stack, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(string[] addresses, string? misbehave, StackCliOptions stack, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            MisbehaviourFault? fault = misbehave is null ? null : Faults.Find(misbehave);
            // perf.md: perf SHOULD NOT be on by default; this test node serves it on purpose (both kinds of node).
            await using Node node = fault is null ? ReferenceStack.CreateNode(stack.Read(parse)) : MisbehavingNode.Create(fault, stack.Read(parse));
            if (fault is not null)
            {
                await Console.Error.WriteLineAsync($"misbehaving on purpose: {fault.Name} ({fault.Description}); breaks {string.Join(", ", fault.Requirements)}").ConfigureAwait(false);
            }
            node.InboundUpgradeFailed += e => Console.Error.WriteLine($"inbound connection failed: {e.Message}");
            if (fault is null)
            {
                node.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
            }
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
