using System.Formats.Asn1;

namespace Libp2p.Security.Tls.Internal;

/// <summary>
/// DER codec of the libp2p certificate extension value (libp2p/specs tls/tls.md "libp2p Public Key Extension"):
/// <c>SignedKey ::= SEQUENCE { publicKey OCTET STRING, signature OCTET STRING }</c>.
/// </summary>
internal static class SignedKeyCodec
{
    /// <summary>Upper bound on the encoded value; an RSA-4096 key and signature fit well within it.</summary>
    public const int MaxEncodedLength = 8192;

    public static byte[] Encode(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString(publicKey);
            writer.WriteOctetString(signature);
        }
        return writer.Encode();
    }

    public static (byte[] PublicKey, byte[] Signature) Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > MaxEncodedLength)
        {
            throw new TlsException($"libp2p extension of {encoded.Length} bytes exceeds {MaxEncodedLength}");
        }
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            byte[] publicKey = sequence.ReadOctetString();
            byte[] signature = sequence.ReadOctetString();
            sequence.ThrowIfNotEmpty();
            return (publicKey, signature);
        }
        catch (AsnContentException ex)
        {
            throw new TlsException("libp2p extension is not a DER SignedKey", ex);
        }
    }
}
