using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Host;
using Libp2p.Multistream;
using Libp2p.Stack;
using Libp2p.Transports.Tcp;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// Opens tester connections to a wire target at each layer: raw TCP, secured (multistream-select then the security
/// handshake, libp2p/specs connections/README.md "Upgrading connections"), secured with the muxer negotiated, or a
/// full reference node connection for protocol checks.
/// </summary>
public static class WireConnector
{
    /// <summary>Opens a raw TCP connection to <paramref name="endpoint"/>.</summary>
    public static async Task<IRawConnection> DialRawAsync(WireEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return await new TcpTransport().DialAsync(endpoint.TransportAddress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The multistream protocol ID of a security protocol short name.</summary>
    public static string SecurityProtocolId(string security) =>
        ReferenceStack.CreateSecurity(security, PrivateKey.Generate(KeyType.Ed25519), []).ProtocolId;

    /// <summary>The multistream protocol ID of a muxer short name.</summary>
    public static string MuxerProtocolId(string muxer) => ReferenceStack.CreateMuxer(muxer).ProtocolId;

    /// <summary>
    /// Dials, selects the endpoint's security protocol and runs the handshake as initiator, expecting the peer ID
    /// of the endpoint's address. No muxer is offered inside the handshake, so the muxer is negotiated afterwards.
    /// </summary>
    public static async Task<WireSecuredChannel> SecureAsync(WireEndpoint endpoint, PrivateKey identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        IRawConnection raw = await DialRawAsync(endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            ISecurityProtocol security = ReferenceStack.CreateSecurity(endpoint.Security, identity, []);
            await MultistreamSelect.SelectOutboundAsync(raw, [security.ProtocolId], cancellationToken).ConfigureAwait(false);
            ISecureConnection secure = await security.SecureOutboundAsync(raw, endpoint.PeerId, cancellationToken).ConfigureAwait(false);
            return new WireSecuredChannel(raw, secure);
        }
        catch
        {
            await raw.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary><see cref="SecureAsync"/>, then selects the endpoint's muxer with multistream-select on the secured channel.</summary>
    public static async Task<WireSecuredChannel> SecureWithMuxerAsync(WireEndpoint endpoint, PrivateKey identity, CancellationToken cancellationToken)
    {
        WireSecuredChannel channel = await SecureAsync(endpoint, identity, cancellationToken).ConfigureAwait(false);
        try
        {
            await MultistreamSelect.SelectOutboundAsync(channel.Secure, [MuxerProtocolId(endpoint.Muxer)], cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a reference node offering only the endpoint's security and muxer and dials the target with it.</summary>
    public static async Task<WireClient> ConnectNodeAsync(WireEndpoint endpoint, WireCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(context);
        // A bare dialer: no identify of its own, so the checks' streams are the only ones it opens (js-libp2p accepts
        // one inbound identify stream per connection and resets a second one).
        IStreamMuxer muxer = ReferenceStack.CreateMuxer(endpoint.Muxer);
        var node = new Node(new NodeOptions
        {
            Identity = context.TesterIdentity,
            Transports = [new TcpTransport()],
            Upgrade = new UpgraderOptions
            {
                SecurityProtocols = [ReferenceStack.CreateSecurity(endpoint.Security, context.TesterIdentity, [muxer.ProtocolId])],
                Muxers = [muxer],
            },
        });
        try
        {
            UpgradedConnection connection = await node.DialAsync(Core.Multiformats.Multiaddr.Parse(endpoint.Address), cancellationToken).ConfigureAwait(false);
            return new WireClient(node, connection, context);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
