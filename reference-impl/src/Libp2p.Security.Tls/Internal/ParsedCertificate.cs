using System.Formats.Asn1;

namespace Libp2p.Security.Tls.Internal;

/// <summary>One X.509 extension: OID, criticality and the DER value inside its OCTET STRING.</summary>
internal sealed record CertificateExtension(string Oid, bool Critical, byte[] Value);

/// <summary>
/// The parts of a DER X.509 certificate (RFC 5280 §4.1) that libp2p's verification needs, read with
/// <see cref="AsnReader"/> in strict DER mode. Parsed by hand rather than by BouncyCastle's certificate class
/// because that one rejects an empty issuer name, which js-libp2p's @libp2p/tls (3.x) certificates have and
/// which RFC 5280 allows for self-signed certificates used outside a PKI.
/// </summary>
internal sealed class ParsedCertificate
{
    private ParsedCertificate(byte[] tbs, string signatureAlgorithm, byte[] signature, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] spki, IReadOnlyList<CertificateExtension> extensions)
    {
        Tbs = tbs;
        SignatureAlgorithm = signatureAlgorithm;
        Signature = signature;
        NotBefore = notBefore;
        NotAfter = notAfter;
        SubjectPublicKeyInfo = spki;
        Extensions = extensions;
    }

    /// <summary>The DER TBSCertificate, as signed.</summary>
    public byte[] Tbs { get; }

    /// <summary>OID of the outer signature algorithm.</summary>
    public string SignatureAlgorithm { get; }

    /// <summary>The signature bits.</summary>
    public byte[] Signature { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    public IReadOnlyList<CertificateExtension> Extensions { get; }

    /// <summary>Parses <paramref name="der"/>; throws <see cref="AsnContentException"/> or <see cref="FormatException"/> on malformed input.</summary>
    public static ParsedCertificate Parse(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        AsnReader certificate = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        byte[] tbsBytes = certificate.PeekEncodedValue().ToArray();
        AsnReader tbs = certificate.ReadSequence();
        string signatureAlgorithm = ReadAlgorithm(certificate);
        byte[] signature = certificate.ReadBitString(out int unusedBits);
        if (unusedBits != 0)
        {
            throw new FormatException("certificate signature is not a whole number of bytes");
        }
        certificate.ThrowIfNotEmpty();

        var version = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (tbs.PeekTag().HasSameClassAndValue(version))
        {
            AsnReader explicitVersion = tbs.ReadSequence(version);
            explicitVersion.ReadInteger();
            explicitVersion.ThrowIfNotEmpty();
        }
        tbs.ReadIntegerBytes(); // serialNumber
        string innerAlgorithm = ReadAlgorithm(tbs);
        if (innerAlgorithm != signatureAlgorithm)
        {
            throw new FormatException("the TBSCertificate and outer signature algorithms differ");
        }
        tbs.ReadEncodedValue(); // issuer: any Name, possibly empty
        AsnReader validity = tbs.ReadSequence();
        DateTimeOffset notBefore = ReadTime(validity);
        DateTimeOffset notAfter = ReadTime(validity);
        validity.ThrowIfNotEmpty();
        tbs.ReadEncodedValue(); // subject
        byte[] spki = tbs.ReadEncodedValue().ToArray();

        var extensions = new List<CertificateExtension>();
        var issuerUniqueId = new Asn1Tag(TagClass.ContextSpecific, 1);
        var subjectUniqueId = new Asn1Tag(TagClass.ContextSpecific, 2);
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        while (tbs.HasData)
        {
            Asn1Tag tag = tbs.PeekTag();
            if (tag.HasSameClassAndValue(issuerUniqueId) || tag.HasSameClassAndValue(subjectUniqueId))
            {
                tbs.ReadEncodedValue();
                continue;
            }
            if (!tag.HasSameClassAndValue(extensionsTag))
            {
                throw new FormatException($"unexpected element {tag} in the TBSCertificate");
            }
            AsnReader list = tbs.ReadSequence(extensionsTag).ReadSequence();
            while (list.HasData)
            {
                AsnReader extension = list.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                bool critical = extension.HasData && extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
                byte[] value = extension.ReadOctetString();
                extension.ThrowIfNotEmpty();
                if (extensions.Exists(e => e.Oid == oid))
                {
                    throw new FormatException($"extension {oid} appears twice");
                }
                extensions.Add(new CertificateExtension(oid, critical, value));
            }
        }
        return new ParsedCertificate(tbsBytes, signatureAlgorithm, signature, notBefore, notAfter, spki, extensions);
    }

    private static string ReadAlgorithm(AsnReader reader)
    {
        AsnReader algorithm = reader.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadEncodedValue(); // parameters (NULL for RSA; absent for ECDSA and Ed25519)
        }
        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
