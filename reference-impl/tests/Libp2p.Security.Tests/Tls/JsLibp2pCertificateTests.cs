using Libp2p.Core.Identity;
using Libp2p.Security.Tests.Support;
using Libp2p.Security.Tls;

namespace Libp2p.Security.Tests.Tls;

/// <summary>
/// A certificate made by js-libp2p's @libp2p/tls 3.1.10 (generateCertificate, Ed25519 host key): its issuer and
/// subject are empty names, which BouncyCastle's certificate parser rejects and which broke TLS interop with js.
/// </summary>
public sealed class JsLibp2pCertificateTests
{
    private const string JsCertificateHex =
        "308201773082011da00302010202080332444515744720300a06082a8648ce3d04030230003020170d3236313132333232353431395a180f32313236313033303233353431395a30003059301306072a8648ce3d020106082a8648ce3d03010703420004e8fd8189a0b6e8fe6a51c4214c4b9073c5029753c511d301b0e1c81b665138d3b47eead76bebe64c52504a4004e794725cc3a442774eca9b0b394dadbbb39af1a37f307d307b060a2b0601040183a25a01010101ff046a30680424080112204db40bbd7b89b66f5bcad7eaf321991a4015c7e950dc9d578b6f79c5b240019e0440f89bddcddd3c09d986a11dc6ba7a32857953b321823f93834e3e29c5a7114a278cf8a28fbcd70dc1764ee59f5516cd210393d37523e08fe4c6e45bc4a2f76203300a06082a8648ce3d040302034800304502201c1f9727bb9fb28315d2a3872266bfdb7b842ceba7b715655101684b0c1e35d1022100e45ddfaefb9ea05cdaa82f4be8d40b71424fde6fac3c859431b54edfcf90803c";

    // The host key inside the extension (libp2p PublicKey protobuf, Ed25519).
    private const string HostKeyProtobufHex = "080112204db40bbd7b89b66f5bcad7eaf321991a4015c7e950dc9d578b6f79c5b240019e";

    [Test]
    public void A_js_libp2p_certificate_with_empty_names_verifies()
    {
        PublicKey key = Libp2pCertificate.Verify(Hex.Decode(JsCertificateHex), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.That(Convert.ToHexStringLower(key.ToProtobuf()), Is.EqualTo(HostKeyProtobufHex));
    }

    [Test]
    public void The_same_certificate_outside_its_validity_is_rejected()
    {
        Assert.That(
            () => Libp2pCertificate.Verify(Hex.Decode(JsCertificateHex), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Throws.InstanceOf<TlsException>().With.Message.Contains("validity"));
    }

    [Test]
    public void A_flipped_bit_in_the_signed_part_breaks_the_self_signature()
    {
        byte[] der = Hex.Decode(JsCertificateHex);
        der[20] ^= 0x01; // inside the serial number, part of the TBSCertificate
        Assert.That(
            () => Libp2pCertificate.Verify(der, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Throws.InstanceOf<TlsException>());
    }
}
