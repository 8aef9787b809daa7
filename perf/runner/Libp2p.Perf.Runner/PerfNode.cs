using System.Diagnostics;
using System.Net;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Libp2p.Perf.Runner;

/// <summary>
/// The test-plans perf program (libp2p/test-plans perf/README.md) on the reference stack: TCP + Noise + yamux,
/// WebSockets + Noise + yamux, or our managed QUIC v1 (its own TLS 1.3 and streams, libp2p/specs quic/README.md);
/// the server identity from the 32-zero-byte Ed25519 seed so clients dial <c>/p2p/&lt;id&gt;</c> without an exchange.
/// </summary>
public static class PerfNode
{
    /// <summary>Peer ID of the fixed server identity (same as go-libp2p's perf server).</summary>
    public const string ServerPeerId = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

    /// <summary>The fixed server key: Ed25519 from 32 zero bytes.</summary>
    public static PrivateKey ServerIdentity() => PrivateKey.Ed25519FromSeed(new byte[32]);

    /// <summary>The TCP + Noise + yamux spec of both sides.</summary>
    public static StackSpec Spec(PrivateKey? identity) => new() { Security = ["noise"], Muxers = ["yamux"], Identity = identity };

    /// <summary>
    /// Creates a node that serves <c>/perf/1.0.0</c> (plus the stack's ping and echo); not yet listening. It has every
    /// reference transport, QUIC included, so one node can listen on TCP and QUIC as go-libp2p's perf server does.
    /// </summary>
    public static Node CreateServer(PerfServerOptions? options = null)
    {
        Node node = ReferenceStack.CreateNode(Spec(ServerIdentity()));
        node.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, options, token));
        return node;
    }

    /// <summary>
    /// Parses <c>ip:port</c> into the listen/dial multiaddr of <paramref name="transport"/>: <c>tcp</c> gives
    /// <c>/ip4/../tcp/N</c>, <c>ws</c> gives <c>/ip4/../tcp/N/ws</c>, <c>quic-v1</c> gives <c>/ip4/../udp/N/quic-v1</c>
    /// (the test-plans perf transports, docs/TEST-PLANS.md §1.2). Anything else throws <see cref="NotSupportedException"/>.
    /// </summary>
    public static Multiaddr Address(string hostPort, string transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (UnsupportedTransportReason(transport) is { } reason)
        {
            throw new NotSupportedException(reason);
        }
        return transport switch
        {
            "ws" => TcpAddress(hostPort).Encapsulate("/ws"),
            "quic-v1" => QuicAddress(hostPort),
            _ => TcpAddress(hostPort),
        };
    }

    /// <summary>Why <paramref name="transport"/> cannot be run here, or null when it can.</summary>
    public static string? UnsupportedTransportReason(string transport) => transport switch
    {
        "tcp" or "ws" or "quic-v1" => null,
        _ => $"--transport must be tcp, ws or quic-v1, got '{transport}'",
    };

    /// <summary>Parses <c>ip:port</c> (IPv6 in brackets) into a QUIC v1 multiaddr (<c>/ip4/../udp/N/quic-v1</c>).</summary>
    public static Multiaddr QuicAddress(string hostPort)
    {
        string[] parts = TcpAddress(hostPort).ToString().Split('/');
        return Multiaddr.Parse($"/{parts[1]}/{parts[2]}/udp/{parts[4]}/quic-v1");
    }

    /// <summary>Parses <c>ip:port</c> (IPv6 in brackets) into a TCP multiaddr.</summary>
    public static Multiaddr TcpAddress(string hostPort)
    {
        ArgumentNullException.ThrowIfNull(hostPort);
        if (!IPEndPoint.TryParse(hostPort, out IPEndPoint? endpoint) || endpoint.Port == 0 && !hostPort.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new FormatException($"--server-address must be ip:port, got '{hostPort}'");
        }
        string family = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6" : "ip4";
        return Multiaddr.Parse($"/{family}/{endpoint.Address}/tcp/{endpoint.Port}");
    }

    /// <summary>
    /// Client: dials the fixed-identity server, runs one perf exchange and writes one <c>intermediary</c> line per
    /// second and a <c>final</c> line (time = connection + upload + download) to <paramref name="output"/>.
    /// </summary>
    public static Task<PerfSample> RunClientAsync(string serverAddress, ulong uploadBytes, ulong downloadBytes, TextWriter output, CancellationToken cancellationToken = default) =>
        RunClientAsync(serverAddress, "tcp", uploadBytes, downloadBytes, output, cancellationToken);

    /// <summary>As <see cref="RunClientAsync(string, ulong, ulong, TextWriter, CancellationToken)"/> over <paramref name="transport"/> (<c>tcp</c>, <c>ws</c> or <c>quic-v1</c>).</summary>
    public static async Task<PerfSample> RunClientAsync(string serverAddress, string transport, ulong uploadBytes, ulong downloadBytes, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        Multiaddr target = Address(serverAddress, transport).Encapsulate("/p2p/" + ServerPeerId);
        await using Node client = ReferenceStack.CreateNode(Spec(null));
        long start = Stopwatch.GetTimestamp();
        var counters = new PerfCounters();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task reporter = ReportAsync(counters, output, done.Token);
        try
        {
            UpgradedConnection connection = await client.DialAsync(target, cancellationToken).ConfigureAwait(false);
            StreamContext stream = await client.NewStreamAsync(connection, [PerfProtocol.Id], cancellationToken).ConfigureAwait(false);
            PerfResult result = await PerfProtocol.RunClientAsync(stream.Pipe, new PerfClientRequest(uploadBytes, downloadBytes), counters, cancellationToken).ConfigureAwait(false);
            var final = new PerfSample(PerfSample.Final, Stopwatch.GetElapsedTime(start).TotalSeconds, result.UploadedBytes, result.DownloadedBytes);
            await done.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
            await output.WriteLineAsync(final.ToJsonLine()).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return final;
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
        }
    }

    private static async Task ReportAsync(PerfCounters counters, TextWriter output, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long last = Stopwatch.GetTimestamp();
        long up = 0;
        long down = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                long u = counters.UploadedBytes;
                long d = counters.DownloadedBytes;
                var sample = new PerfSample(PerfSample.Intermediary, Stopwatch.GetElapsedTime(last, now).TotalSeconds, u - up, d - down);
                await output.WriteLineAsync(sample.ToJsonLine()).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                (last, up, down) = (now, u, d);
            }
        }
        catch (OperationCanceledException)
        {
            // The exchange finished: stop sampling.
        }
    }
}
