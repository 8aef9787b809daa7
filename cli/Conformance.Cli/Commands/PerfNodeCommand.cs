using System.CommandLine;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Perf.Runner;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>perf-node</c>: the libp2p/test-plans perf program contract (perf/README.md) on the reference stack
/// (TCP or WebSockets + Noise + yamux, or our managed QUIC v1). Server: <c>--run-server</c>; client: JSON lines on
/// stdout, logs on stderr.
/// </summary>
internal static class PerfNodeCommand
{
    public static Command Create()
    {
        var runServer = new Option<bool>("--run-server") { Description = "Serve /perf/1.0.0 until stopped (identity from the 32-zero-byte Ed25519 seed)" };
        var serverAddress = new Option<string?>("--server-address") { Description = "Server: listen ip:port (default 0.0.0.0:4001); client: the server's ip:port" };
        var transport = new Option<string>("--transport") { Description = "tcp or ws (+ Noise + yamux), or quic-v1 (server: /ip4/IP/udp/PORT/quic-v1)", DefaultValueFactory = _ => "tcp" };
        var upload = new Option<ulong>("--upload-bytes") { Description = "Client: bytes to upload" };
        var download = new Option<ulong>("--download-bytes") { Description = "Client: bytes to download (18446744073709551615 = until stopped is not allowed here: use a size)" };
        var command = new Command("perf-node", "The test-plans perf program: /perf/1.0.0 server or client printing {type,timeSeconds,uploadBytes,downloadBytes} JSON lines.");
        command.Options.Add(runServer);
        command.Options.Add(serverAddress);
        command.Options.Add(transport);
        command.Options.Add(upload);
        command.Options.Add(download);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(runServer), parse.GetValue(serverAddress), parse.GetValue(transport)!, parse.GetValue(upload), parse.GetValue(download), token));
        return command;
    }

    private static async Task<int> RunAsync(bool server, string? address, string transport, ulong upload, ulong download, CancellationToken cancellationToken)
    {
        try
        {
            if (PerfNode.UnsupportedTransportReason(transport) is { } reason)
            {
                await Console.Error.WriteLineAsync("perf-node: " + reason).ConfigureAwait(false);
                return 64;
            }
            if (server)
            {
                await using Node node = PerfNode.CreateServer();
                node.InboundUpgradeFailed += e => Console.Error.WriteLine($"inbound connection failed: {e.Message}");
                Multiaddr bound = await node.ListenAsync(PerfNode.Address(address ?? "0.0.0.0:4001", transport), cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"listening on {bound}").ConfigureAwait(false);
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
            if (address is null)
            {
                await Console.Error.WriteLineAsync("perf-node: one of --run-server and --server-address is required").ConfigureAwait(false);
                return 64;
            }
            if (download == ulong.MaxValue)
            {
                await Console.Error.WriteLineAsync("perf-node: a timed (max-uint64) download needs a timer; pass a size").ConfigureAwait(false);
                return 64;
            }
            await PerfNode.RunClientAsync(address, transport, upload, download, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CliFailure.Report(e);
        }
    }
}
