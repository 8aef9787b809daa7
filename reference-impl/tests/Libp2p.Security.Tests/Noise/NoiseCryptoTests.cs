using System.Security.Cryptography;
using CsCheck;
using Libp2p.Security.Noise;
using Libp2p.Security.Noise.Internal;
using Libp2p.Security.Tests.Support;

namespace Libp2p.Security.Tests.Noise;

public sealed class NoiseCryptoTests
{
    [Test]
    public void Hkdf_matches_rfc5869_test_case_3()
    {
        // RFC 5869 A.3: SHA-256, IKM = 22 x 0x0b, empty salt and info. Noise's HKDF(ck, ikm) is HKDF-Extract with
        // salt = ck followed by HKDF-Expand with empty info, so its outputs are the OKM's 32-byte blocks.
        byte[] ikm = Enumerable.Repeat((byte)0x0b, 22).ToArray();
        var output1 = new byte[32];
        var output2 = new byte[32];
        NoiseHkdf.Derive(ReadOnlySpan<byte>.Empty, ikm, output1, output2);
        Assert.That(Hex.Encode(output1), Is.EqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"));
        Assert.That(Hex.Encode(output2.AsSpan(0, 10)), Is.EqualTo("9d201395faa4b61a96c8"));
    }

    [Test]
    public void Hkdf_agrees_with_the_platform_hkdf_for_any_inputs()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[0, 200]).Sample((chainingKey, ikm) =>
        {
            var outputs = new byte[96];
            NoiseHkdf.Derive(chainingKey, ikm, outputs.AsSpan(0, 32), outputs.AsSpan(32, 32), outputs.AsSpan(64, 32));
            byte[] expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 96, chainingKey, []);
            return outputs.AsSpan().SequenceEqual(expected);
        }, iter: 200);
    }

    [Test]
    public void ChaCha20Poly1305_matches_rfc8439_aead_vector()
    {
        // RFC 8439 section 2.8.2.
        byte[] key = Hex.Decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = Hex.Decode("070000004041424344454647");
        byte[] ad = Hex.Decode("50515253c0c1c2c3c4c5c6c7");
        byte[] plaintext = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."u8.ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(nonce, plaintext, ciphertext, tag, ad);
        Assert.That(Hex.Encode(ciphertext.AsSpan(0, 16)), Is.EqualTo("d31a8d34648e60db7b86afbc53ef7ec2"));
        Assert.That(Hex.Encode(tag), Is.EqualTo("1ae10b594f09e26a7e902ecbd0600691"));
    }

    [Test]
    public void Cipher_state_nonce_is_32_zero_bits_then_little_endian_counter()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var state = new NoiseCipherState();
        state.InitializeKey(key);
        state.SetNonce(0x0102030405060708);
        byte[] plaintext = "abc"u8.ToArray();
        var sealedBytes = new byte[plaintext.Length + 16];
        state.EncryptWithAd([], plaintext, sealedBytes);

        using var aead = new ChaCha20Poly1305(key);
        byte[] nonce = Hex.Decode("000000000807060504030201");
        var opened = new byte[plaintext.Length];
        aead.Decrypt(nonce, sealedBytes.AsSpan(0, 3), sealedBytes.AsSpan(3), opened);
        Assert.That(opened, Is.EqualTo(plaintext));
        Assert.That(state.Nonce, Is.EqualTo(0x0102030405060709UL));
    }

    [Test]
    public void Reserved_maximum_nonce_refuses_to_encrypt_or_decrypt()
    {
        using var pair = NoiseTestPair.Create();
        pair.Initiator.SetNonces(ulong.MaxValue - 1, 0);
        var buffer = new byte[64];
        int written = pair.Initiator.Encrypt("last"u8, buffer);
        Assert.That(written, Is.EqualTo(4 + 16));
        Assert.Throws<NoiseException>(() => pair.Initiator.Encrypt("one too many"u8, buffer));

        pair.Responder.SetNonces(0, ulong.MaxValue);
        Assert.Throws<NoiseException>(() => pair.Responder.Decrypt(buffer.AsSpan(0, written), new byte[64]));
    }

    [Test]
    public void Tampered_replayed_or_reordered_transport_messages_fail_authentication()
    {
        using var pair = NoiseTestPair.Create();
        var first = new byte[32];
        var second = new byte[32];
        int n1 = pair.Initiator.Encrypt("first"u8, first);
        int n2 = pair.Initiator.Encrypt("second"u8, second);
        var output = new byte[64];

        Assert.Throws<NoiseException>(() => pair.Responder.Decrypt(second.AsSpan(0, n2), output), "reordered");
        byte[] tampered = first.AsSpan(0, n1).ToArray();
        tampered[0] ^= 1;
        Assert.Throws<NoiseException>(() => pair.Responder.Decrypt(tampered, output), "tampered");
        Assert.Throws<NoiseException>(() => pair.Responder.Decrypt(first.AsSpan(0, 15), output), "shorter than the tag");

        Assert.That(pair.Responder.Decrypt(first.AsSpan(0, n1), output), Is.EqualTo(5), "failures do not consume nonces");
        Assert.That(pair.Responder.Decrypt(second.AsSpan(0, n2), output), Is.EqualTo(6));
        Assert.Throws<NoiseException>(() => pair.Responder.Decrypt(first.AsSpan(0, n1), output), "replayed");
    }

    [Test]
    public void Each_direction_uses_its_own_key()
    {
        using var pair = NoiseTestPair.Create();
        var message = new byte[32];
        int n = pair.Initiator.Encrypt("hello"u8, message);
        Assert.Throws<NoiseException>(() => pair.Initiator.Decrypt(message.AsSpan(0, n), new byte[32]), "own message must not decrypt with the receive key");
        Assert.That(pair.Responder.Decrypt(message.AsSpan(0, n), new byte[32]), Is.EqualTo(5));
    }

    [Test]
    public void Low_order_remote_ephemeral_is_rejected()
    {
        using var responder = NoiseHandshakeState.CreateResponder(NoiseKeyPair.Generate());
        responder.ReadMessage(new byte[32], new byte[0]);
        // The all-zero point yields an all-zero DH output on the responder's ee.
        Assert.Throws<NoiseException>(() => responder.WriteMessage([], new byte[200]));
        Assert.Throws<InvalidOperationException>(() => responder.WriteMessage([], new byte[200]), "a failed handshake stays failed");
    }
}
