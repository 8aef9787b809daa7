using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Perf;
using Libp2p.Stack;

namespace Libp2p.Perf.Runner;

/// <summary>
/// Connection-stack throughput on loopback, in one process: one stream moving a fixed number of bytes over raw TCP
/// sockets, TCP + Noise + yamux and TCP + TLS + yamux (issue 4 "Performance").
/// </summary>
public static class LoopbackThroughput
{
    private const int Block = 64 * 1024;

    /// <summary>Raw TCP: one socket sends <paramref name="bytes"/> in 64 KiB writes; returns bytes per second at the receiver.</summary>
    public static async Task<double> RawTcpAsync(long bytes, CancellationToken cancellationToken = default)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Task<Socket> accepting = listener.AcceptAsync(cancellationToken).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
        using Socket server = await accepting.ConfigureAwait(false);
        server.NoDelay = true;
        long start = Stopwatch.GetTimestamp();
        Task sending = SendAsync(client, bytes, cancellationToken);
        byte[] buffer = new byte[Block];
        long received = 0;
        while (true)
        {
            int n = await server.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            received += n;
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await sending.ConfigureAwait(false);
        if (received != bytes)
        {
            throw new InvalidOperationException($"raw tcp: received {received} of {bytes} bytes");
        }
        return bytes / seconds;
    }

    /// <summary>
    /// One <c>/perf/1.0.0</c> download of <paramref name="bytes"/> between two in-process reference nodes over TCP with
    /// <paramref name="security"/> and yamux; returns bytes per second, excluding connection setup.
    /// </summary>
    public static async Task<double> Libp2pAsync(string security, long bytes, CancellationToken cancellationToken = default)
    {
        var spec = new StackSpec { Security = [security], Muxers = ["yamux"] };
        await using Node server = ReferenceStack.CreateNode(spec);
        server.Router.SetHandler(PerfProtocol.Id, (context, token) => PerfProtocol.ServeAsync(context.Pipe, cancellationToken: token));
        Multiaddr address = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cancellationToken).ConfigureAwait(false);
        await using Node client = ReferenceStack.CreateNode(spec);
        UpgradedConnection connection = await client.DialAsync(address, cancellationToken).ConfigureAwait(false);
        StreamContext stream = await client.NewStreamAsync(connection, [PerfProtocol.Id], cancellationToken).ConfigureAwait(false);
        PerfResult result = await PerfProtocol.RunClientAsync(stream.Pipe, new PerfClientRequest(0, (ulong)bytes), cancellationToken: cancellationToken).ConfigureAwait(false);
        return bytes / result.Elapsed.TotalSeconds;
    }

    private static async Task SendAsync(Socket socket, long bytes, CancellationToken cancellationToken)
    {
        byte[] block = new byte[Block];
        long remaining = bytes;
        while (remaining > 0)
        {
            int n = (int)Math.Min(Block, remaining);
            int sent = await socket.SendAsync(block.AsMemory(0, n), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            remaining -= sent;
        }
        socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Creates a fresh Ed25519 identity (helper for callers building their own nodes).</summary>
    internal static PrivateKey NewIdentity() => PrivateKey.Generate(KeyType.Ed25519);
}
