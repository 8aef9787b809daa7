using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Libp2p.Core.Identity;

/// <summary>The secp256k1 domain (SEC 2 section 2.4.1), using BouncyCastle's optimised custom curve.</summary>
internal static class Secp256k1Curve
{
    public static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");

    public static readonly ECDomainParameters Domain = new(Parameters);

    public static readonly BigInteger HalfOrder = Parameters.N.ShiftRight(1);
}
