using System.Formats.Asn1;
using Org.BouncyCastle.Math;

namespace Libp2p.Core.Identity;

/// <summary>
/// The DER <c>ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }</c> of RFC 3279 section 2.2.3, the
/// signature format libp2p uses for secp256k1 (peer-ids.md "Key Types" > "Secp256k1").
/// </summary>
internal static class DerEcdsaSignature
{
    /// <summary>Two 521-bit integers plus headers fit well inside this; larger input is rejected unread.</summary>
    public const int MaxLength = 160;

    public static byte[] Encode(BigInteger r, BigInteger s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(r.ToByteArrayUnsigned());
            writer.WriteIntegerUnsigned(s.ToByteArrayUnsigned());
        }
        return writer.Encode();
    }

    /// <summary>Strict DER decoding; false for anything else (BER forms, trailing bytes, negative values).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, out BigInteger r, out BigInteger s)
    {
        r = BigInteger.Zero;
        s = BigInteger.Zero;
        if (der.Length is 0 or > MaxLength)
        {
            return false;
        }
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            ReadOnlyMemory<byte> rBytes = sequence.ReadIntegerBytes();
            ReadOnlyMemory<byte> sBytes = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            if ((rBytes.Span[0] & 0x80) != 0 || (sBytes.Span[0] & 0x80) != 0)
            {
                return false;
            }
            r = new BigInteger(1, rBytes.Span);
            s = new BigInteger(1, sBytes.Span);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
