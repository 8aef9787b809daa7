using System.Diagnostics;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Interop.Node;
using Libp2p.Interop.Redis;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.WebSockets;

namespace Conformance.Cli.Commands;

/// <summary>
/// The node program behind <c>conformance node</c>. Listener: listen, RPUSH the full multiaddr (with <c>/p2p</c>, never a
/// wildcard IP), then wait out the test timeout and exit non-zero. Dialer: BLPOP the address, dial, ping once over
/// <c>/ipfs/ping/1.0.0</c>, print handshake+1 RTT and ping RTT (ms), exit 0; any failure exits 1. <c>quic-v1</c> is
/// standalone (docs/TEST-PLANS.md §1.1): no security or muxer is read, the connection is QUIC's own TLS 1.3 and streams.
/// </summary>
internal static class NodeRunner
{
    /// <summary>Transports this node supports.</summary>
    public static IReadOnlyList<string> Transports { get; } = ["tcp", "ws", "wss", "quic-v1"];

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> environment, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        NodeSettings settings;
        try
        {
            settings = NodeSettings.FromEnvironment(environment);
            if (!Transports.Contains(settings.Transport))
            {
                throw new InteropConfigurationException($"unsupported transport '{settings.Transport}' (supported: {string.Join(", ", Transports)})");
            }
            if (!NodeSettings.StandaloneTransports.Contains(settings.Transport)
                && (!ReferenceStack.SecurityNames.Contains(settings.Security) || !ReferenceStack.MuxerNames.Contains(settings.Muxer)))
            {
                throw new InteropConfigurationException($"unsupported security/muxer '{settings.Security}'/'{settings.Muxer}'");
            }
        }
        catch (InteropConfigurationException e)
        {
            await stderr.WriteLineAsync($"node: configuration error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            return settings.IsDialer
                ? await DialAsync(settings, stdout, stderr, deadline.Token).ConfigureAwait(false)
                : await ListenAsync(settings, stderr, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the runner (the listener's normal end in test-plans).
            return settings.IsDialer ? 1 : 0;
        }
        catch (OperationCanceledException)
        {
            string phase = settings.IsDialer ? $" (dialer: waiting for '{settings.RedisKey}', dialing or pinging)" : "";
            await stderr.WriteLineAsync($"node: test timeout of {settings.Timeout.TotalSeconds:0} s reached{phase}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"node: {(settings.IsDialer ? "dialer" : "listener")} failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static Libp2p.Host.Node CreateNode(NodeSettings settings, bool listener)
    {
        if (settings.Transport == "quic-v1")
        {
            // The stack's default transports include QuicMuxedTransport; QUIC brings its own TLS 1.3 and streams, so
            // the security/muxer lists only matter for the TCP transports this node never uses here.
            return ReferenceStack.CreateNode(new StackSpec());
        }
        var ws = new WebSocketTransportOptions
        {
            ServerCertificate = listener && settings.Transport == "wss" ? SelfSignedCertificate.Create() : null,
            // test-plans wss listeners use self-signed certificates; the peer is authenticated by the libp2p security handshake.
            RemoteCertificateValidation = (_, _, _, _) => true,
        };
        IReadOnlyList<ITransport> transports = [new WebSocketTransport(ws), new TcpTransport()];
        return ReferenceStack.CreateNode(new StackSpec { Security = [settings.Security!], Muxers = [settings.Muxer!] }, transports);
    }

    private static async Task<int> ListenAsync(NodeSettings settings, TextWriter stderr, CancellationToken cancellationToken)
    {
        string family = settings.ListenIp.Contains(':', StringComparison.Ordinal) ? "ip6" : "ip4";
        string listen = settings.Transport switch
        {
            "ws" => $"/{family}/{settings.ListenIp}/tcp/0/ws",
            "wss" => $"/{family}/{settings.ListenIp}/tcp/0/tls/ws",
            "quic-v1" => $"/{family}/{settings.ListenIp}/udp/0/quic-v1",
            _ => $"/{family}/{settings.ListenIp}/tcp/0",
        };
        await using Libp2p.Host.Node node = CreateNode(settings, listener: true);
        Multiaddr bound = await node.ListenAsync(Multiaddr.Parse(listen), cancellationToken).ConfigureAwait(false);
        string published = PublishedAddress.Resolve(bound.ToString(), PublishedAddress.LocalCandidates());
        await using (RespClient redis = await RespConnector.ConnectAsync(settings.RedisAddress, settings.Timeout, cancellationToken).ConfigureAwait(false))
        {
            await redis.RPushAsync(settings.RedisKey, published, cancellationToken).ConfigureAwait(false);
        }
        await stderr.WriteLineAsync($"node: listening on {published}").ConfigureAwait(false);
        // Serve until the runner stops us; reaching the timeout is a failure per the contract.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return 1;
    }

    private static async Task<int> DialAsync(NodeSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? address;
        await using (RespClient redis = await RespConnector.ConnectAsync(settings.RedisAddress, settings.Timeout, cancellationToken).ConfigureAwait(false))
        {
            address = await redis.BLPopAsync(settings.RedisKey, settings.Timeout, cancellationToken).ConfigureAwait(false);
        }
        if (address is null)
        {
            await stderr.WriteLineAsync($"node: no listener address under '{settings.RedisKey}' within {settings.Timeout.TotalSeconds:0} s").ConfigureAwait(false);
            return 1;
        }
        Libp2p.Host.Node node = CreateNode(settings, listener: false);
        try
        {
            var handshake = Stopwatch.StartNew();
            UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(address), cancellationToken).ConfigureAwait(false);
            StreamContext stream = await node.NewStreamAsync(connection, [PingProtocol.Id], cancellationToken).ConfigureAwait(false);
            TimeSpan rtt = await PingProtocol.PingOnceAsync(stream.Pipe, cancellationToken).ConfigureAwait(false);
            TimeSpan handshakePlusOneRtt = handshake.Elapsed;
            await stdout.WriteAsync(new DialerMeasurement(handshakePlusOneRtt.TotalMilliseconds, rtt.TotalMilliseconds).Format(settings.Contract)).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stream.Pipe.Output.CompleteAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            try
            {
                await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await stderr.WriteLineAsync("node: shutdown took longer than 5 s; exiting anyway").ConfigureAwait(false);
            }
        }
    }
}
