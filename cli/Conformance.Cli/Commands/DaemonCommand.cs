using System.CommandLine;
using System.Runtime.InteropServices;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>daemon</c>: our stack behind the libp2p daemon control protocol, with go p2pd's flag names
/// (go-libp2p-daemon specs/README.md). Prints <c>Control socket: &lt;addr&gt;</c> when ready, runs until SIGINT/SIGTERM.
/// </summary>
internal static class DaemonCommand
{
    private const string Flags = """
        Flags (go p2pd names; -name, -name=value, -name value):
          -listen ADDR         control endpoint, /unix/<path> or /ip4/<ip>/tcp/<port> (default /unix/tmp/p2pd.sock)
          -hostAddrs A,B       libp2p listen addresses (default /ip4/127.0.0.1/tcp/0)
          -noListenAddrs       listen on no libp2p address
          -id FILE             identity key file (libp2p PrivateKey protobuf; default a fresh Ed25519 key)
          -noise, -tls, -plaintext[=true|false]   security protocols offered (default noise and tls)
          -security A,B        security protocols in preference order
          -muxer A,B           muxers in preference order: yamux, mplex (default yamux,mplex)
          -dht, -dhtClient, -dhtServer, -pubsub, -pubsubRouter R, -relay
                               accepted; DHT and PUBSUB requests answer ERROR "not supported yet"
        """;

    private static readonly string[] ValueFlags = ["listen", "hostAddrs", "id", "security", "muxer", "pubsubRouter"];
    private static readonly string[] BoolFlags = ["noListenAddrs", "noise", "tls", "plaintext", "dht", "dhtClient", "dhtServer", "pubsub", "relay"];

    public static Command Create()
    {
        var command = new Command("daemon", "Run our libp2p stack as a daemon speaking the p2pd control protocol.\n" + Flags);
        // go p2pd's single-dash long flags are declared as options so that the parser never reads `-hostAddrs` as the
        // bundle `-h -o -s ...` (help); their values then go through DaemonOptions.Parse like any go-style flag list.
        var values = ValueFlags.Select(name => new Option<string>("-" + name, "--" + name) { Description = $"go p2pd -{name}", Hidden = true }).ToArray();
        var switches = BoolFlags.Select(name => new Option<bool>("-" + name, "--" + name) { Description = $"go p2pd -{name}", Hidden = true }).ToArray();
        foreach (Option option in values.Cast<Option>().Concat(switches))
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, token) =>
        {
            var flags = new List<string>();
            foreach (Option<string> option in values.Where(o => parse.GetResult(o) is not null))
            {
                flags.Add($"{option.Name}={parse.GetValue(option)}");
            }
            foreach (Option<bool> option in switches.Where(o => parse.GetResult(o) is not null))
            {
                flags.Add($"{option.Name}={(parse.GetValue(option) ? "true" : "false")}");
            }
            return RunAsync(flags, token);
        });
        return command;
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        try
        {
            DaemonOptions options = DaemonOptions.Parse(flags);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The interop factory stops daemons with SIGTERM, as it does go p2pd: shut down cleanly on it too.
            using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            await using DaemonHost host = await DaemonHost.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (string warning in host.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }
            Console.Out.WriteLine($"Control socket: {host.ControlAddress}");
            Console.Out.WriteLine($"Peer ID: {host.Node.PeerId}");
            Console.Out.WriteLine("Peer Addrs:");
            foreach (Multiaddr address in host.Node.ListenAddresses)
            {
                Console.Out.WriteLine(address.ToString());
            }
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT or SIGTERM: dispose below.
            }
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e);
        }
    }
}
