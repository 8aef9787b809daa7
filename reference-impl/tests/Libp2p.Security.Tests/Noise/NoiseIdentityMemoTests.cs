using System.Security.Cryptography;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Protos;
using KeyType = Libp2p.Core.Identity.KeyType;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;
using Libp2p.Security.Noise;
using Libp2p.Security.Noise.Internal;

namespace Libp2p.Security.Tests.Noise;

/// <summary>
/// Remembering verified identity signatures changes cost, never verdicts: once a peer's payload verified, a forged
/// signature or another static key under the same identity is still rejected.
/// </summary>
public sealed class NoiseIdentityMemoTests
{
    [Test]
    public void RememberedPayload_VerifiesAgain_ButForgeriesUnderTheSameIdentityDoNot()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        byte[] staticKey = RandomNumberGenerator.GetBytes(32);
        byte[] payload = NoisePayload.Create(identity, staticKey, ["/yamux/1.0.0"]);

        Assert.That(NoisePayload.Verify(payload, staticKey).Key, Is.EqualTo(identity.PublicKey));
        Assert.That(NoisePayload.Verify(payload, staticKey).PeerId, Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));

        // The same signed payload presented for another static key (a man in the middle's).
        Assert.Throws<NoiseException>(() => NoisePayload.Verify(payload, RandomNumberGenerator.GetBytes(32)));

        // The same identity and static key with a signature that is not the identity's.
        NoiseHandshakePayload forged = NoiseHandshakePayload.Parser.ParseFrom(payload);
        byte[] signature = forged.IdentitySig.ToByteArray();
        signature[0] ^= 0x80;
        forged.IdentitySig = ByteString.CopyFrom(signature);
        Assert.Throws<NoiseException>(() => NoisePayload.Verify(forged.ToByteArray(), staticKey));
    }

    [Test]
    public void MemoStaysBounded_UnderManyDistinctPeers()
    {
        byte[] staticKey = RandomNumberGenerator.GetBytes(32);
        for (int i = 0; i < 50; i++)
        {
            PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
            NoisePayload.Verify(NoisePayload.Create(identity, staticKey, []), staticKey);
        }
        Assert.That(NoisePayload.VerifiedIdentities.Count, Is.InRange(1, 1024));
    }
}
