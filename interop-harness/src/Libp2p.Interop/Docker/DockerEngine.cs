using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Libp2p.Interop.Docker;

/// <summary>
/// Finds out whether a Docker engine answers: <c>GET /_ping</c> on the socket named by <c>DOCKER_HOST</c>
/// (<c>unix://</c>, or <c>tcp://</c> on a loopback address) or on <c>/var/run/docker.sock</c>. The answer is cached for
/// the process.
/// </summary>
public static class DockerEngine
{
    private static readonly Lazy<string?> Cached = new(() => Probe(Environment.GetEnvironmentVariable("DOCKER_HOST"), TimeSpan.FromSeconds(3)));

    /// <summary>The reason no engine can be used, or null when one answered.</summary>
    public static string? Unreachable => Cached.Value;

    /// <summary>Probes the engine at <paramref name="dockerHost"/> (null: the default socket); null when it answered <c>OK</c>.</summary>
    public static string? Probe(string? dockerHost, TimeSpan timeout)
    {
        EndPoint endpoint;
        string host = string.IsNullOrWhiteSpace(dockerHost) ? "unix:///var/run/docker.sock" : dockerHost.Trim();
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = host["unix://".Length..];
            if (!File.Exists(path))
            {
                return "no Docker engine reachable";
            }
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        else if (host.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate("http://" + host["tcp://".Length..], UriKind.Absolute, out Uri? uri)
            && IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address))
        {
            endpoint = new IPEndPoint(address, uri.Port);
        }
        else
        {
            return $"no Docker engine reachable (DOCKER_HOST '{host}' is not a unix socket or a loopback tcp address)";
        }
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
            using var deadline = new CancellationTokenSource(timeout);
            socket.ConnectAsync(endpoint, deadline.Token).AsTask().GetAwaiter().GetResult();
            socket.Send("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8);
            byte[] buffer = new byte[1024];
            int total = 0;
            socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            int read;
            while (total < buffer.Length && (read = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0)
            {
                total += read;
            }
            string reply = Encoding.ASCII.GetString(buffer, 0, total);
            return reply.StartsWith("HTTP/1.", StringComparison.Ordinal) && reply.Contains(" 200 ", StringComparison.Ordinal) && reply.EndsWith("OK", StringComparison.Ordinal)
                ? null
                : "no Docker engine reachable (the socket did not answer the ping)";
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return $"no Docker engine reachable ({e.Message})";
        }
    }
}
