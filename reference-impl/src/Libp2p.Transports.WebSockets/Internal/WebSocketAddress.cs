using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp.Internal;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// A WebSocket multiaddr (libp2p/specs <c>websockets/README.md</c>, "Addressing"): <c>&lt;tcp-addr&gt;/ws</c>,
/// <c>&lt;tcp-addr&gt;/wss</c>, <c>&lt;tcp-addr&gt;/tls/ws</c> or <c>&lt;tcp-addr&gt;/tls/sni/&lt;host&gt;/ws</c>, where
/// the <c>/tcp/&lt;port&gt;</c> part may be omitted (port 80, or 443 when secure); a trailing <c>/p2p/&lt;id&gt;</c> is allowed.
/// </summary>
internal sealed record WebSocketAddress(TcpEndpointAddress Endpoint, bool Secure, string? Sni, string Suffix)
{
    public int Port => Endpoint.Port ?? (Secure ? 443 : 80);

    /// <summary>The host name used for TLS SNI and the HTTP Host header.</summary>
    public string HostName => Sni ?? (Endpoint.IsDns ? Endpoint.Host : Endpoint.Ip!.ToString());

    public static bool TryParse(Multiaddr address, out WebSocketAddress result)
    {
        result = null!;
        if (!TcpEndpointAddress.TryParse(address, out var endpoint))
        {
            return false;
        }
        var rest = endpoint.RestWithoutPeerId;
        switch (rest.Count)
        {
            case 1 when rest[0] == "ws":
                result = new WebSocketAddress(endpoint, false, null, "/ws");
                return true;
            case 1 when rest[0] == "wss":
                result = new WebSocketAddress(endpoint, true, null, "/wss");
                return true;
            case 2 when rest[0] == "tls" && rest[1] == "ws":
                result = new WebSocketAddress(endpoint, true, null, "/tls/ws");
                return true;
            case 4 when rest[0] == "tls" && rest[1] == "sni" && rest[3] == "ws" && rest[2].Length is > 0 and <= 253:
                result = new WebSocketAddress(endpoint, true, rest[2], $"/tls/sni/{rest[2]}/ws");
                return true;
            default:
                return false;
        }
    }
}
