using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>HKDF-Expand-Label and Derive-Secret of TLS 1.3 (RFC 8446 §7.1), over SHA-256.</summary>
internal static class HkdfLabel
{
    public const int HashLength = 32;

    /// <summary>HKDF-Expand-Label(secret, label, context, length) with the "tls13 " prefix.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> context, int length)
    {
        var output = new byte[length];
        Expand(secret, label, context, output);
        return output;
    }

    /// <summary>Writes HKDF-Expand-Label into <paramref name="output"/>.</summary>
    public static void Expand(ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        int labelLength = 6 + label.Length;
        Span<byte> info = stackalloc byte[2 + 1 + labelLength + 1 + context.Length];
        info[0] = (byte)(output.Length >> 8);
        info[1] = (byte)output.Length;
        info[2] = (byte)labelLength;
        "tls13 "u8.CopyTo(info[3..]);
        for (int i = 0; i < label.Length; i++)
        {
            info[9 + i] = (byte)label[i];
        }
        info[3 + labelLength] = (byte)context.Length;
        context.CopyTo(info[(4 + labelLength)..]);
        HKDF.Expand(HashAlgorithmName.SHA256, secret, output, info);
    }

    /// <summary>HKDF-Extract(salt, ikm).</summary>
    public static byte[] Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        var prk = new byte[HashLength];
        HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
        return prk;
    }
}
