namespace Libp2p.Interop.Redis;

/// <summary>How a <see cref="RedisServer"/> is started: where it binds and, for a network namespace, how it is wrapped.</summary>
public sealed record RedisServerOptions
{
    /// <summary>The Redis server program (Debian's <c>redis-server</c>).</summary>
    public string Executable { get; init; } = "redis-server";

    /// <summary>Arguments put before the program, e.g. <c>ip netns exec NS</c> to run it inside a namespace.</summary>
    public IReadOnlyList<string> Prefix { get; init; } = [];

    /// <summary>The IP address the server binds for nodes.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>A fixed TCP port (inside a private namespace), or null for a free loopback port.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// Also listen on a Unix-domain socket in the server's private directory; the harness connects through it, since a
    /// socket path is reachable across network namespaces where a TCP address is not.
    /// </summary>
    public bool UnixSocket { get; init; }

    /// <summary>Time allowed until the server answers <c>PING</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
