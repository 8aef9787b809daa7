using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// The ECDSA P-256 private key of a libp2p certificate, loaded once per certificate for CertificateVerify
/// (RFC 8446 §4.4.3): <see cref="X509Certificate2.GetECDsaPrivateKey"/> builds a new native key on every call,
/// which cost about as much as the signature itself on each handshake.
/// </summary>
internal static class CertificateSigningKey
{
    private static readonly ConditionalWeakTable<X509Certificate2, Entry> Keys = new();

    /// <summary>Signs <paramref name="content"/> with the certificate's key (DER ECDSA-Sig-Value, SHA-256).</summary>
    public static byte[] Sign(X509Certificate2 certificate, byte[] content)
    {
        Entry entry = Keys.GetValue(certificate, static c => new Entry(
            c.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the libp2p certificate has no ECDSA private key")));
        // One native key object shared by every connection of the transport: signatures are serialised.
        lock (entry)
        {
            return CertificateSignatures.SignEcdsa(entry.Key, content);
        }
    }

    private sealed class Entry(ECDsa key)
    {
        public ECDsa Key { get; } = key;
    }
}
