using CsCheck;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Protos;
using Libp2p.Security.Noise;
using Libp2p.Security.Noise.Internal;
using KeyType = Libp2p.Core.Identity.KeyType;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;

namespace Libp2p.Security.Tests.Noise;

/// <summary>Decoders of untrusted handshake input fail only with <see cref="NoiseException"/>.</summary>
public sealed class NoiseFuzzTests
{
    private static readonly byte[] StaticKey = NoiseKeyPair.Generate().PublicKey.ToArray();

    [Test]
    public void Random_payload_bytes_are_rejected_with_a_typed_error()
    {
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            try
            {
                NoisePayload.Verify(bytes, StaticKey);
                return false;
            }
            catch (NoiseException)
            {
                return true;
            }
        }, iter: 1000);
    }

    [Test]
    public void Mutated_valid_payloads_never_verify_and_never_throw_untyped()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        byte[] payload = NoisePayload.Create(identity, StaticKey, ["/yamux/1.0.0"]);
        Assert.That(NoisePayload.Verify(payload, StaticKey).PeerId, Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));

        Gen.Int[0, payload.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, flip) =>
        {
            byte[] mutated = (byte[])payload.Clone();
            mutated[index] ^= flip;
            try
            {
                RemoteIdentity remote = NoisePayload.Verify(mutated, StaticKey);
                // A flip inside the muxer string can still verify: the signature covers only the static key.
                return remote.PeerId.Equals(PeerId.FromPublicKey(identity.PublicKey));
            }
            catch (NoiseException)
            {
                return true;
            }
        }, iter: 1000);
    }

    [Test]
    public void Payload_signed_for_another_static_key_is_rejected()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        byte[] payload = NoisePayload.Create(identity, StaticKey, []);
        byte[] otherStatic = NoiseKeyPair.Generate().PublicKey.ToArray();
        var ex = Assert.Throws<NoiseException>(() => NoisePayload.Verify(payload, otherStatic));
        Assert.That(ex!.Message, Does.Contain("signature"));
    }

    [Test]
    public void Payload_without_key_or_signature_is_rejected()
    {
        var noKey = new NoiseHandshakePayload { IdentitySig = ByteString.CopyFrom(1, 2, 3) }.ToByteArray();
        var noSig = new NoiseHandshakePayload { IdentityKey = ByteString.CopyFrom(PrivateKey.Generate(KeyType.Ed25519).PublicKey.ToProtobuf()) }.ToByteArray();
        Assert.Throws<NoiseException>(() => NoisePayload.Verify(noKey, StaticKey));
        Assert.Throws<NoiseException>(() => NoisePayload.Verify(noSig, StaticKey));
    }

    [Test]
    public void Unknown_payload_fields_are_ignored()
    {
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        byte[] payload = NoisePayload.Create(identity, StaticKey, []);
        // Field 3 (the legacy "data" field) as a length-delimited value: tag (3 << 3) | 2.
        byte[] withLegacy = [.. payload, 0x1a, 0x02, 0xaa, 0xbb];
        Assert.That(NoisePayload.Verify(withLegacy, StaticKey).PeerId, Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));
    }

    [Test]
    public void Random_handshake_messages_fail_with_a_typed_error()
    {
        Gen.Byte.Array[0, 300].Sample(message =>
        {
            using var initiator = NoiseHandshakeState.CreateInitiator(NoiseKeyPair.Generate());
            var buffer = new byte[NoiseHandshakeState.MaxMessageLength];
            initiator.WriteMessage([], buffer);
            try
            {
                initiator.ReadMessage(message, buffer);
                return false;
            }
            catch (NoiseException)
            {
                return true;
            }
        }, iter: 300);
    }

    [Test]
    public void Random_transport_messages_fail_authentication()
    {
        using var pair = NoiseTestPair.Create();
        var output = new byte[NoiseTransportState.MaxMessageLength];
        // One thread: the pair's cipher state and the output buffer are shared, and a ChaCha20Poly1305 instance is
        // not safe for concurrent use (CsCheck samples on several threads by default; that crashed the test host).
        Gen.Byte.Array[0, 2000].Sample(ciphertext =>
        {
            try
            {
                pair.Responder.Decrypt(ciphertext, output);
                return false;
            }
            catch (NoiseException)
            {
                return true;
            }
        }, iter: 500, threads: 1);
    }

    [Test]
    public void Muxer_selection_follows_the_initiator_preference()
    {
        Assert.That(MuxerSelection.Select(["/yamux/1.0.0", "/mplex/6.7.0"], ["/mplex/6.7.0", "/yamux/1.0.0"]), Is.EqualTo("/yamux/1.0.0"));
        Assert.That(MuxerSelection.Select(["/mplex/6.7.0"], ["/mplex/6.7.0", "/yamux/1.0.0"]), Is.EqualTo("/mplex/6.7.0"));
        Assert.That(MuxerSelection.Select([], ["/yamux/1.0.0"]), Is.Null);
        Assert.That(MuxerSelection.Select(["/yamux/1.0.0"], []), Is.Null);
        Assert.Throws<NoiseException>(() => MuxerSelection.Select(["/yamux/1.0.0"], ["/mplex/6.7.0"]));
    }
}
