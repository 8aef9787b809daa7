using System.Security.Cryptography;
using CsCheck;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// The intrinsics AES-128-GCM used for packet protection agrees with the platform's AesGcm (OpenSSL) byte for byte,
/// rejects any tampering, and its single-block AES matches AES-ECB (header protection, RFC 9001 §5.4.3).
/// </summary>
public sealed class Aes128GcmTests
{
    private static readonly Gen<(byte[] Key, byte[] Nonce, byte[] Aad, byte[] Plaintext)> Inputs =
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[12], Gen.Byte.Array[0, 300], Gen.Byte.Array[0, 1600]);

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void Encrypt_MatchesThePlatformAesGcm_AndDecryptsBack()
    {
        Assume.That(Aes128Gcm.IsSupported, "needs AES-NI and PCLMULQDQ");
        Inputs.Sample(input =>
        {
            (byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) = input;
            var expectedCipher = new byte[plaintext.Length];
            var expectedTag = new byte[16];
            using (var platform = new AesGcm(key, 16))
            {
                platform.Encrypt(nonce, plaintext, expectedCipher, expectedTag, aad);
            }
            var gcm = new Aes128Gcm(key);
            byte[] inPlace = plaintext.ToArray();
            var tag = new byte[16];
            gcm.Encrypt(nonce, inPlace, inPlace, tag, aad);
            Assert.That(Convert.ToHexString(inPlace), Is.EqualTo(Convert.ToHexString(expectedCipher)));
            Assert.That(Convert.ToHexString(tag), Is.EqualTo(Convert.ToHexString(expectedTag)));
            Assert.That(gcm.TryDecrypt(nonce, inPlace, tag, inPlace, aad), Is.True);
            Assert.That(inPlace, Is.EqualTo(plaintext));
        });
    }

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void Decrypt_RejectsAnyFlippedBit_AndLeavesTheCiphertextAlone()
    {
        Assume.That(Aes128Gcm.IsSupported, "needs AES-NI and PCLMULQDQ");
        Gen.Select(Inputs, Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample(input =>
        {
            ((byte[] key, byte[] nonce, byte[] aad, byte[] plaintext), int where, int bit) = input;
            var gcm = new Aes128Gcm(key);
            var cipher = new byte[plaintext.Length];
            var tag = new byte[16];
            gcm.Encrypt(nonce, plaintext, cipher, tag, aad);
            // Flip one bit somewhere in associated data, ciphertext or tag.
            int total = aad.Length + cipher.Length + tag.Length;
            int index = where % total;
            byte[] target = index < aad.Length ? aad : index < aad.Length + cipher.Length ? cipher : tag;
            int offset = index < aad.Length ? index : index < aad.Length + cipher.Length ? index - aad.Length : index - aad.Length - cipher.Length;
            target[offset] ^= (byte)(1 << bit);
            byte[] before = cipher.ToArray();
            Assert.That(gcm.TryDecrypt(nonce, cipher, tag, cipher, aad), Is.False);
            Assert.That(cipher, Is.EqualTo(before));
        });
    }

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void EncryptBlock_IsAesEcb() =>
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[16]).Sample(input =>
        {
            Assume.That(Aes128Gcm.IsSupported, "needs AES-NI and PCLMULQDQ");
            (byte[] key, byte[] block) = input;
            using var aes = Aes.Create();
            aes.Key = key;
            byte[] expected = aes.EncryptEcb(block, PaddingMode.None);
            var actual = new byte[16];
            new Aes128Gcm(key).EncryptBlock(block, actual);
            Assert.That(actual, Is.EqualTo(expected));
        });

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void NistGcmTestCase4_Aes128()
    {
        Assume.That(Aes128Gcm.IsSupported, "needs AES-NI and PCLMULQDQ");
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 4 (60-byte plaintext, 20-byte AAD).
        byte[] key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308");
        byte[] nonce = Convert.FromHexString("cafebabefacedbaddecaf888");
        byte[] plaintext = Convert.FromHexString("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var cipher = new byte[plaintext.Length];
        var tag = new byte[16];
        new Aes128Gcm(key).Encrypt(nonce, plaintext, cipher, tag, aad);
        Assert.That(Convert.ToHexString(cipher).ToLowerInvariant(), Is.EqualTo("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"));
        Assert.That(Convert.ToHexString(tag).ToLowerInvariant(), Is.EqualTo("5bc94fbc3221a5db94fae95ae7121a47"));
    }
}
