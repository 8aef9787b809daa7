using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// One direction's packet protection keys (RFC 9001 §5): the AEAD key and IV and the header protection key,
/// derived from a TLS traffic secret with the "quic key", "quic iv" and "quic hp" labels.
/// Not thread-safe: the connection serialises use.
/// </summary>
internal sealed class PacketProtection : IDisposable
{
    public const int TagLength = 16;
    public const int SampleLength = 16;

    private readonly byte[] _iv;
    private readonly Aes128Gcm? _fastGcm;
    private readonly Aes128Gcm? _fastHp;
    private readonly AesGcm? _aesGcm;
    private readonly ChaCha20Poly1305? _chacha;
    private readonly Aes? _hpAes;
    private readonly ICryptoTransform? _hpEncryptor;
    private readonly byte[] _hpBlock = new byte[2 * SampleLength];
    private readonly byte[] _hpKey;

    private PacketProtection(CipherSuite suite, byte[] secret, byte[] key, byte[] iv, byte[] hpKey)
    {
        Suite = suite;
        Secret = secret;
        Key = key;
        _iv = iv;
        _hpKey = hpKey;
        if (suite == CipherSuite.Aes128GcmSha256 && Aes128Gcm.IsSupported)
        {
            _fastGcm = new Aes128Gcm(key);
            _fastHp = new Aes128Gcm(hpKey);
        }
        else if (suite == CipherSuite.Aes128GcmSha256)
        {
            _aesGcm = new AesGcm(key, TagLength);
            _hpAes = Aes.Create();
            _hpAes.Key = hpKey;
            _hpAes.Mode = CipherMode.ECB;
            _hpAes.Padding = PaddingMode.None;
            // One reusable transform: the one-shot EncryptEcb creates and frees a native cipher context per call,
            // which cost more than the AEAD itself at one call per packet.
            _hpEncryptor = _hpAes.CreateEncryptor();
        }
        else
        {
            _chacha = new ChaCha20Poly1305(key);
        }
    }

    public CipherSuite Suite { get; }

    /// <summary>The traffic secret these keys come from (kept for key updates, RFC 9001 §6).</summary>
    public byte[] Secret { get; }

    public byte[] Key { get; }

    public ReadOnlySpan<byte> Iv => _iv;

    public ReadOnlySpan<byte> HeaderProtectionKey => _hpKey;

    /// <summary>Derives the keys of <paramref name="suite"/> from a traffic secret (RFC 9001 §5.1).</summary>
    public static PacketProtection FromSecret(CipherSuite suite, byte[] secret)
    {
        int keyLength = suite == CipherSuite.Aes128GcmSha256 ? 16 : 32;
        return new PacketProtection(suite, secret,
            HkdfLabel.Expand(secret, "quic key", default, keyLength),
            HkdfLabel.Expand(secret, "quic iv", default, 12),
            HkdfLabel.Expand(secret, "quic hp", default, keyLength));
    }

    /// <summary>The keys of the next key phase (RFC 9001 §6.1): a new secret, the same header protection key.</summary>
    public PacketProtection NextPhase()
    {
        byte[] next = HkdfLabel.Expand(Secret, "quic ku", default, HkdfLabel.HashLength);
        int keyLength = Suite == CipherSuite.Aes128GcmSha256 ? 16 : 32;
        return new PacketProtection(Suite, next,
            HkdfLabel.Expand(next, "quic key", default, keyLength),
            HkdfLabel.Expand(next, "quic iv", default, 12),
            _hpKey);
    }

    /// <summary>
    /// Encrypts <paramref name="payload"/> in place and writes the tag (RFC 9001 §5.3); the associated data is the
    /// unprotected header, packet number included.
    /// </summary>
    public void Seal(long packetNumber, ReadOnlySpan<byte> header, Span<byte> payload, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        Nonce(packetNumber, nonce);
        if (_fastGcm is not null)
        {
            _fastGcm.Encrypt(nonce, payload, payload, tag, header);
        }
        else if (_aesGcm is not null)
        {
            _aesGcm.Encrypt(nonce, payload, payload, tag, header);
        }
        else
        {
            _chacha!.Encrypt(nonce, payload, payload, tag, header);
        }
    }

    /// <summary>Decrypts in place; false when authentication fails (the packet is then discarded, RFC 9001 §5.3).</summary>
    public bool TryOpen(long packetNumber, ReadOnlySpan<byte> header, Span<byte> payload, ReadOnlySpan<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        Nonce(packetNumber, nonce);
        if (_fastGcm is not null)
        {
            return _fastGcm.TryDecrypt(nonce, payload, tag, payload, header);
        }
        try
        {
            if (_aesGcm is not null)
            {
                _aesGcm.Decrypt(nonce, payload, tag, payload, header);
            }
            else
            {
                _chacha!.Decrypt(nonce, payload, tag, payload, header);
            }
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>The 5-byte header protection mask for a 16-byte ciphertext sample (RFC 9001 §5.4.3, §5.4.4).</summary>
    public void HeaderMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        if (_fastHp is not null)
        {
            Span<byte> block = stackalloc byte[16];
            _fastHp.EncryptBlock(sample[..SampleLength], block);
            block[..5].CopyTo(mask);
        }
        else if (_hpEncryptor is not null)
        {
            sample[..SampleLength].CopyTo(_hpBlock);
            _hpEncryptor.TransformBlock(_hpBlock, 0, SampleLength, _hpBlock, SampleLength);
            _hpBlock.AsSpan(SampleLength, 5).CopyTo(mask);
        }
        else
        {
            uint counter = BinaryPrimitives.ReadUInt32LittleEndian(sample);
            ChaCha20Block.KeyStream(_hpKey, counter, sample[4..16], mask[..5]);
        }
    }

    public void Dispose()
    {
        _aesGcm?.Dispose();
        _chacha?.Dispose();
        _hpEncryptor?.Dispose();
        _hpAes?.Dispose();
    }

    private void Nonce(long packetNumber, Span<byte> nonce)
    {
        _iv.CopyTo(nonce);
        for (int i = 0; i < 8; i++)
        {
            nonce[11 - i] ^= (byte)(packetNumber >> (8 * i));
        }
    }
}
