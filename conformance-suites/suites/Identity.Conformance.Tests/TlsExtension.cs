using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Conformance.Tests;

/// <summary>Reads the libp2p X.509 extension (libp2p/specs tls/tls.md "Peer Authentication") out of a vector certificate,
/// so the spec's certificates exercise key decoding and signature verification for Ed25519, ECDSA and secp256k1.</summary>
internal static class TlsExtension
{
    private const string Oid = "1.3.6.1.4.1.53594.1.1";

    public static (byte[] HostKey, byte[] Signature, byte[] SubjectPublicKeyInfo) Read(byte[] der)
    {
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
        X509Extension extension = certificate.Extensions.Cast<X509Extension>().Single(e => e.Oid?.Value == Oid);
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        AsnReader sequence = reader.ReadSequence();
        byte[] hostKey = sequence.ReadOctetString();
        byte[] signature = sequence.ReadOctetString();
        return (hostKey, signature, certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }
}
