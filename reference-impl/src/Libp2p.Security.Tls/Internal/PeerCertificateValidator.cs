using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Security.Tls.Internal;

/// <summary>
/// Per-handshake certificate check run from SslStream's validation callback (libp2p/specs tls/tls.md
/// "Peer Authentication"): the chain's trust verdict is ignored; instead exactly one certificate must be
/// presented and it must verify as a libp2p certificate, optionally for an expected peer.
/// </summary>
internal sealed class PeerCertificateValidator(PeerId? expectedRemote)
{
    public Core.Identity.PublicKey? RemoteKey { get; private set; }

    public Exception? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        try
        {
            if (certificate is null)
            {
                throw new TlsException("the remote presented no certificate");
            }
            byte[] leaf = certificate.GetRawCertData();
            // SslStream puts every certificate the peer sent, the leaf included, into ExtraStore.
            int others = chain is null ? 0 : chain.ChainPolicy.ExtraStore.Count(c => !c.RawDataMemory.Span.SequenceEqual(leaf));
            if (others > 0)
            {
                throw new TlsException($"the remote presented {others + 1} certificates; exactly one is allowed");
            }
            Core.Identity.PublicKey key = Libp2pCertificate.Verify(leaf, DateTimeOffset.UtcNow);
            PeerId remote = PeerId.FromPublicKey(key);
            if (expectedRemote is not null && !expectedRemote.Equals(remote))
            {
                throw new PeerIdMismatchException(expectedRemote.ToString()!, remote.ToString()!);
            }
            RemoteKey = key;
            return true;
        }
        catch (Libp2pException ex)
        {
            Failure = ex;
            return false;
        }
    }
}
