using System.CommandLine;
using System.Globalization;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary><c>ping</c>: dials a node, prints the negotiated security and muxer, then one RTT per line.</summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("multiaddr") { Description = "Address to dial, ideally ending in /p2p/<peer-id>" };
        var count = new Option<int>("--count", "-c") { Description = "Number of pings on one stream", DefaultValueFactory = _ => 4 };
        var timeout = new Option<double>("--timeout") { Description = "Overall timeout in seconds", DefaultValueFactory = _ => 30 };
        var stack = new StackCliOptions();
        var command = new Command("ping", "Dial a node and ping it over /ipfs/ping/1.0.0.");
        command.Arguments.Add(address);
        command.Options.Add(count);
        command.Options.Add(timeout);
        stack.AddTo(command);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(address)!, parse.GetValue(count), parse.GetValue(timeout), stack, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(string address, int count, double timeoutSeconds, StackCliOptions stack, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            if (count < 1)
            {
                throw new ArgumentException("--count must be at least 1");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            await using Node node = ReferenceStack.CreateNode(stack.Read(parse));
            UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(address), timeout.Token).ConfigureAwait(false);
            Console.Out.WriteLine($"security: {connection.SecurityProtocol}");
            Console.Out.WriteLine($"muxer: {connection.MuxerProtocol}");
            StreamContext stream = await node.NewStreamAsync(connection, [PingProtocol.Id], timeout.Token).ConfigureAwait(false);
            for (int i = 0; i < count; i++)
            {
                TimeSpan rtt = await PingProtocol.PingOnceAsync(stream.Pipe, timeout.Token).ConfigureAwait(false);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rtt: {rtt.TotalMilliseconds:0.###} ms"));
            }
            await stream.Pipe.Output.CompleteAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: no answer within {timeoutSeconds} s");
            return 1;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e);
        }
    }
}
