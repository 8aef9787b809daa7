using Libp2p.Interop.Netns;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// The netns runtime's site: three namespaces, <c>-br</c> with a bridge and Redis on 198.18.0.1 (RFC 2544 benchmarking
/// range, as docs/COMPONENTS.md advises), <c>-l</c> for the listener on 198.18.0.2 and <c>-d</c> for the dialer on
/// 198.18.0.3, each joined to the bridge by a veth created straight into the namespaces (the root namespace gets no
/// interface). Optional delay and loss apply at each node's ingress from the other node, so Redis traffic is not
/// impaired. Everything is removed on dispose.
/// </summary>
internal sealed class BridgeSite : ITestSite
{
    public const string BridgeIp = "198.18.0.1";
    public const string ListenerIp = "198.18.0.2";
    public const string DialerIp = "198.18.0.3";
    private const string Prefix = "/24";

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly List<LinkImpairment> _impairments = [];
    private NetworkNamespace _listener = null!;
    private NetworkNamespace _dialer = null!;
    private RedisServer? _redis;

    private BridgeSite()
    {
    }

    public string NodeRedisAddress => _redis!.Address;

    public string HarnessRedisAddress => _redis!.HarnessAddress;

    public string ListenIp => ListenerIp;

    public string? Fault => _impairments.Select(i => i.Failure).FirstOrDefault(f => f is not null);

    public static async Task<ITestSite> StartAsync(string redisExecutable, NetemOptions netem, CancellationToken cancellationToken)
    {
        var site = new BridgeSite();
        try
        {
            await site.BuildAsync(redisExecutable, netem, cancellationToken).ConfigureAwait(false);
            return site;
        }
        catch
        {
            await site.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer) => (isDialer ? _dialer : _listener).Wrap(command);

    public async ValueTask DisposeAsync()
    {
        foreach (LinkImpairment impairment in _impairments)
        {
            await impairment.DisposeAsync().ConfigureAwait(false);
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
        foreach (NetworkNamespace ns in _namespaces)
        {
            await ns.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task BuildAsync(string redisExecutable, NetemOptions netem, CancellationToken cancellationToken)
    {
        string prefix = NetworkNamespace.UniquePrefix();
        NetworkNamespace bridge = await AddAsync(prefix + "-br", cancellationToken).ConfigureAwait(false);
        _listener = await AddAsync(prefix + "-l", cancellationToken).ConfigureAwait(false);
        _dialer = await AddAsync(prefix + "-d", cancellationToken).ConfigureAwait(false);
        await bridge.IpAsync(["link", "add", "br0", "type", "bridge"], cancellationToken).ConfigureAwait(false);
        await bridge.IpAsync(["addr", "add", BridgeIp + Prefix, "dev", "br0"], cancellationToken).ConfigureAwait(false);
        await bridge.IpAsync(["link", "set", "br0", "up"], cancellationToken).ConfigureAwait(false);
        foreach ((NetworkNamespace node, string ip, string port) in new[] { (_listener, ListenerIp, "vl"), (_dialer, DialerIp, "vd") })
        {
            await HostCommand.RunAsync(["ip", "link", "add", "eth0", "netns", node.Name, "type", "veth", "peer", "name", port, "netns", bridge.Name], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await bridge.IpAsync(["link", "set", port, "master", "br0"], cancellationToken).ConfigureAwait(false);
            await bridge.IpAsync(["link", "set", port, "up"], cancellationToken).ConfigureAwait(false);
            await node.IpAsync(["addr", "add", ip + Prefix, "dev", "eth0"], cancellationToken).ConfigureAwait(false);
            await node.IpAsync(["link", "set", "eth0", "up"], cancellationToken).ConfigureAwait(false);
        }
        _redis = await RedisServer.StartAsync(new RedisServerOptions
        {
            Executable = redisExecutable,
            Prefix = bridge.ExecPrefix,
            BindAddress = BridgeIp,
            Port = 6379,
            UnixSocket = true,
        }, cancellationToken).ConfigureAwait(false);
        if (netem.Any)
        {
            _impairments.Add(await LinkImpairment.ApplyAsync(_listener, DialerIp, netem, cancellationToken).ConfigureAwait(false));
            _impairments.Add(await LinkImpairment.ApplyAsync(_dialer, ListenerIp, netem, cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task<NetworkNamespace> AddAsync(string name, CancellationToken cancellationToken)
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync(name, cancellationToken).ConfigureAwait(false);
        _namespaces.Add(ns);
        return ns;
    }
}
