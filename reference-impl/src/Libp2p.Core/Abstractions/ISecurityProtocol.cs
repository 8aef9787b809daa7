using System.IO.Pipelines;
using Libp2p.Core.Identity;

namespace Libp2p.Core.Abstractions;

/// <summary>A secure channel (Noise, TLS, plaintext) negotiated by multistream-select on a raw connection.</summary>
public interface ISecurityProtocol
{
    /// <summary>The multistream protocol ID, e.g. <c>/noise</c>.</summary>
    string ProtocolId { get; }

    /// <summary>Runs the handshake as initiator. Fails when the remote is not <paramref name="expectedRemote"/> (if given).</summary>
    ValueTask<ISecureConnection> SecureOutboundAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken = default);

    /// <summary>Runs the handshake as responder.</summary>
    ValueTask<ISecureConnection> SecureInboundAsync(IDuplexPipe connection, CancellationToken cancellationToken = default);
}
