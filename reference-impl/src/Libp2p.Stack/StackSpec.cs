using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Identity;

namespace Libp2p.Stack;

/// <summary>Which security protocols and muxers a node offers (by short name, preference order) and its identity.</summary>
public sealed class StackSpec
{
    /// <summary>Short names of the security protocols: <c>noise</c>, <c>tls</c>, <c>plaintext</c>.</summary>
    public IReadOnlyList<string> Security { get; init; } = ["noise", "tls"];

    /// <summary>Short names of the muxers: <c>yamux</c>, <c>mplex</c>.</summary>
    public IReadOnlyList<string> Muxers { get; init; } = ["yamux", "mplex"];

    /// <summary>The identity key; a fresh Ed25519 key when null.</summary>
    public PrivateKey? Identity { get; init; }

    /// <summary>Certificate served on <c>/wss</c> listen addresses; a fresh self-signed one for localhost when null.</summary>
    public X509Certificate2? WssCertificate { get; init; }

    /// <summary>
    /// Accept any server certificate when dialing <c>/wss</c>. Off by default (Web PKI validation). Test setups with
    /// self-signed peers turn it on; the libp2p security handshake inside still authenticates the peer ID.
    /// </summary>
    public bool AcceptAnyWssCertificate { get; init; }
}
