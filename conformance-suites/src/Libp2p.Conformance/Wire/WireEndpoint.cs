using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// One way to reach a wire target's listener: the full multiaddr it printed (with <c>/p2p/&lt;id&gt;</c>) and the
/// security protocol and muxer the tester uses on it (docs/ARCHITECTURE.md, "conformance-suites", wire targets).
/// </summary>
/// <param name="Security">Security protocol short name: <c>noise</c>, <c>tls</c> or <c>plaintext</c>.</param>
/// <param name="Muxer">Muxer short name: <c>yamux</c> or <c>mplex</c>.</param>
/// <param name="Address">The listener's multiaddr, e.g. <c>/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...</c>.</param>
public sealed record WireEndpoint(string Security, string Muxer, string Address)
{
    /// <summary>The address without its <c>/p2p/...</c> suffix: what the transport dials.</summary>
    public Multiaddr TransportAddress
    {
        get
        {
            int p2p = Address.IndexOf("/p2p/", StringComparison.Ordinal);
            return Multiaddr.Parse(p2p < 0 ? Address : Address[..p2p]);
        }
    }

    /// <summary>The listener's peer ID from the <c>/p2p/</c> component, or null when the address has none.</summary>
    public PeerId? PeerId
    {
        get
        {
            int p2p = Address.IndexOf("/p2p/", StringComparison.Ordinal);
            return p2p < 0 ? null : Core.Identity.PeerId.Parse(Address[(p2p + 5)..].Split('/')[0]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Security}+{Muxer} {Address}";
}
