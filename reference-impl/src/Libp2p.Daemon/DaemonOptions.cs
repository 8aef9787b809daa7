using System.Globalization;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>
/// Daemon settings under go p2pd's flag names (go-libp2p-daemon p2pd/main.go; the flags @libp2p/interop passes):
/// <c>-listen</c>, <c>-hostAddrs</c>, <c>-noListenAddrs</c>, <c>-id</c>, <c>-dht</c>, <c>-dhtClient</c>, <c>-dhtServer</c>,
/// <c>-relay</c>, <c>-pubsub</c>, <c>-pubsubRouter</c>, <c>-muxer</c> and the security switches <c>-noise</c>,
/// <c>-tls</c>, <c>-plaintext</c> (plus <c>-security=a,b</c> for a preference list).
/// </summary>
public sealed class DaemonOptions
{
    /// <summary>The control endpoint (go default: <c>/unix/tmp/p2pd.sock</c>).</summary>
    public Multiaddr Listen { get; init; } = Multiaddr.Parse("/unix/" + Uri.EscapeDataString("/tmp/p2pd.sock"));

    /// <summary>libp2p listen addresses. Default loopback TCP (go's default is every interface; ours stays on loopback).</summary>
    public IReadOnlyList<Multiaddr> HostAddresses { get; init; } = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")];

    /// <summary>Listen on no libp2p address (dial only).</summary>
    public bool NoListenAddresses { get; init; }

    /// <summary>Path of the identity key file (libp2p <c>PrivateKey</c> protobuf); a fresh Ed25519 key when null.</summary>
    public string? IdentityFile { get; init; }

    /// <summary>Security protocols in preference order (short names).</summary>
    public IReadOnlyList<string> Security { get; init; } = ["noise", "tls"];

    /// <summary>Muxers in preference order (short names).</summary>
    public IReadOnlyList<string> Muxers { get; init; } = ["yamux", "mplex"];

    /// <summary>DHT requested (<c>-dht</c>, <c>-dhtClient</c> or <c>-dhtServer</c>); not supported yet.</summary>
    public bool Dht { get; init; }

    /// <summary>Pubsub requested (<c>-pubsub</c>); not supported yet.</summary>
    public bool PubSub { get; init; }

    /// <summary>Pubsub router name (<c>-pubsubRouter</c>, gossipsub or floodsub).</summary>
    public string PubSubRouter { get; init; } = "gossipsub";

    /// <summary>Circuit relay requested (<c>-relay</c>); not supported yet.</summary>
    public bool Relay { get; init; }

    /// <summary>Parses go-style flags: <c>-name</c>, <c>--name</c>, <c>-name=value</c> and, for non-boolean flags, <c>-name value</c>.</summary>
    /// <exception cref="ArgumentException">An unknown flag, a missing or bad value.</exception>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Multiaddr? listen = null;
        List<Multiaddr>? hostAddrs = null;
        bool noListen = false, dht = false, pubsub = false, relay = false;
        string? id = null;
        string router = "gossipsub";
        List<string>? muxers = null;
        List<string>? security = null;
        var securitySwitches = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith('-') || arg == "-" || arg == "--")
            {
                throw new ArgumentException($"unexpected argument '{arg}' (flags look like -name or -name=value)");
            }
            string body = arg.TrimStart('-');
            int eq = body.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? body : body[..eq];
            string? inline = eq < 0 ? null : body[(eq + 1)..];
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"flag -{name} needs a value");
                }
                return args[++i];
            }
            bool Bool() => inline is null || ParseBool(name, inline);
            switch (name)
            {
                case "listen":
                    listen = ParseAddress(name, Value());
                    break;
                case "hostAddrs":
                    hostAddrs = [.. Split(Value()).Select(a => ParseAddress(name, a))];
                    break;
                case "noListenAddrs":
                    noListen = Bool();
                    break;
                case "id":
                    id = Value();
                    break;
                case "dht" or "dhtClient" or "dhtServer":
                    dht |= Bool();
                    break;
                case "pubsub":
                    pubsub = Bool();
                    break;
                case "pubsubRouter":
                    router = Value();
                    if (router is not ("gossipsub" or "floodsub"))
                    {
                        throw new ArgumentException($"-pubsubRouter must be gossipsub or floodsub, not '{router}'");
                    }
                    break;
                case "relay":
                    relay = Bool();
                    break;
                case "muxer":
                    muxers = Split(Value());
                    break;
                case "security":
                    security = Split(Value());
                    break;
                case "noise" or "tls" or "plaintext":
                    if (Bool())
                    {
                        securitySwitches.Add(name);
                    }
                    break;
                default:
                    throw new ArgumentException($"unknown flag -{name}");
            }
        }
        var options = new DaemonOptions
        {
            Listen = listen ?? new DaemonOptions().Listen,
            HostAddresses = hostAddrs ?? new DaemonOptions().HostAddresses,
            NoListenAddresses = noListen,
            IdentityFile = id,
            Dht = dht,
            PubSub = pubsub,
            PubSubRouter = router,
            Relay = relay,
            Muxers = muxers ?? ["yamux", "mplex"],
            Security = security ?? (securitySwitches.Count > 0 ? securitySwitches : ["noise", "tls"]),
        };
        return options;
    }

    private static List<string> Split(string value)
    {
        List<string> parts = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        return parts.Count > 0 ? parts : throw new ArgumentException("an empty list where at least one name is needed");
    }

    private static bool ParseBool(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "t" => true,
        "false" or "0" or "f" => false,
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"-{name} takes true or false, not '{value}'")),
    };

    private static Multiaddr ParseAddress(string name, string value)
    {
        if (Multiaddr.TryParse(value, out Multiaddr? address))
        {
            return address;
        }
        // go-multiaddr writes unix paths unescaped (/unix/tmp/p2pd.sock, go p2pd's default); ours percent-encodes them.
        if (value.StartsWith("/unix/", StringComparison.Ordinal) && value.Length > "/unix/".Length
            && Multiaddr.TryParse("/unix/" + Uri.EscapeDataString(value["/unix".Length..]), out Multiaddr? unix))
        {
            return unix;
        }
        throw new ArgumentException($"-{name}: '{value}' is not a multiaddr");
    }
}
