using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Echo;
using Libp2p.Stack;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>echo</c>: opens N concurrent <c>/echo/1.0.0</c> streams, sends B random bytes on each, verifies every byte of
/// the echo and prints the throughput.
/// </summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("multiaddr") { Description = "Address to dial, ideally ending in /p2p/<peer-id>" };
        var streams = new Option<int>("--streams") { Description = "Concurrent streams", DefaultValueFactory = _ => 1 };
        var bytes = new Option<long>("--bytes") { Description = "Bytes sent (and verified) per stream", DefaultValueFactory = _ => 1 << 20 };
        var timeout = new Option<double>("--timeout") { Description = "Overall timeout in seconds", DefaultValueFactory = _ => 120 };
        var stack = new StackCliOptions();
        var command = new Command("echo", "Dial a node and verify N concurrent echo streams of B bytes each.");
        command.Arguments.Add(address);
        command.Options.Add(streams);
        command.Options.Add(bytes);
        command.Options.Add(timeout);
        stack.AddTo(command);
        command.SetAction((parse, token) => RunAsync(
            parse.GetValue(address)!, parse.GetValue(streams), parse.GetValue(bytes), parse.GetValue(timeout), stack, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(string address, int streams, long bytes, double timeoutSeconds, StackCliOptions stack, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            if (streams < 1 || bytes < 0)
            {
                throw new ArgumentException("--streams must be at least 1 and --bytes not negative");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            await using Node node = ReferenceStack.CreateNode(stack.Read(parse));
            UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(address), timeout.Token).ConfigureAwait(false);
            Console.Out.WriteLine($"security: {connection.SecurityProtocol}");
            Console.Out.WriteLine($"muxer: {connection.MuxerProtocol}");
            long start = Stopwatch.GetTimestamp();
            long[] verified = await Task.WhenAll(Enumerable.Range(0, streams).Select(async _ =>
            {
                StreamContext stream = await node.NewStreamAsync(connection, [EchoProtocol.Id], timeout.Token).ConfigureAwait(false);
                await using (stream.Stream.ConfigureAwait(false))
                {
                    return await EchoProtocol.RoundTripAsync(stream.Pipe, bytes, EchoProtocol.NewSeed(), timeout.Token).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long total = verified.Sum();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"verified: {streams} streams x {bytes} bytes in {seconds:0.###} s, {total * 2 * 8 / seconds / 1e6:0.#} Mbit/s (both directions)"));
            return 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: not finished within {timeoutSeconds} s");
            return 1;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e);
        }
    }
}
