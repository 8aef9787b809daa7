using System.Security.Cryptography;

namespace Libp2p.Core.Identity;

/// <summary>The NIST curves libp2p ECDSA keys use (go-libp2p and js-libp2p accept P-256, P-384 and P-521).</summary>
internal static class EcdsaCurves
{
    private static readonly string[] AllowedOids = ["1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35"];

    private static readonly string[] AllowedNames =
        ["nistP256", "ECDSA_P256", "secp256r1", "prime256v1", "nistP384", "ECDSA_P384", "secp384r1", "nistP521", "ECDSA_P521", "secp521r1"];

    /// <summary>Throws unless <paramref name="key"/> is on a named NIST prime curve.</summary>
    public static void Check(ECDsa key)
    {
        ECCurve curve = key.ExportParameters(includePrivateParameters: false).Curve;
        bool allowed = curve.IsNamed
            && ((curve.Oid.Value is { } oid && AllowedOids.Contains(oid))
                || (curve.Oid.FriendlyName is { } name && AllowedNames.Contains(name, StringComparer.OrdinalIgnoreCase)));
        if (!allowed)
        {
            throw new KeyFormatException(
                $"ECDSA keys must use the named curve P-256, P-384 or P-521, got {curve.Oid?.Value ?? curve.Oid?.FriendlyName ?? "explicit parameters"}");
        }
    }
}
