using System.Security.Cryptography;
using Libp2p.Core.Crypto;

namespace Libp2p.Security.Noise;

/// <summary>
/// An X25519 key pair for the Noise DH function <c>25519</c> (Noise Protocol Framework rev 34, section 12.1;
/// RFC 7748 section 5).
/// </summary>
/// <remarks>
/// The DH (a variable-base scalar multiplication, three per handshake side) runs on the managed 64-bit-limb ladder
/// <see cref="X25519"/>, about 0.8x BouncyCastle's time; key generation stays on BouncyCastle's fixed-base
/// comb, which is about twice as fast as a ladder from the base point.
/// </remarks>
public sealed class NoiseKeyPair
{
    /// <summary>Length of private keys, public keys and DH outputs (DHLEN).</summary>
    public const int KeyLength = X25519.KeyLength;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    private NoiseKeyPair(byte[] privateKey)
    {
        _privateKey = privateKey;
        _publicKey = new byte[KeyLength];
        Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarMultBase(_privateKey, 0, _publicKey, 0);
    }

    /// <summary>The public key, encoded per RFC 7748 section 5.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Generates a fresh key pair from the system CSPRNG.</summary>
    public static NoiseKeyPair Generate()
    {
        var privateKey = new byte[KeyLength];
        RandomNumberGenerator.Fill(privateKey);
        return new NoiseKeyPair(privateKey);
    }

    /// <summary>Rebuilds a key pair from a 32-byte private scalar (clamping is applied by X25519 itself).</summary>
    public static NoiseKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"an X25519 private key is {KeyLength} bytes", nameof(privateKey));
        }
        return new NoiseKeyPair(privateKey.ToArray());
    }

    /// <summary>
    /// DH(this, remote). Fails on an all-zero output (a low-order remote point), which Noise section 12.1
    /// allows implementations to reject.
    /// </summary>
    internal void Agree(ReadOnlySpan<byte> remotePublicKey, Span<byte> sharedSecret)
    {
        if (!X25519.TryAgree(_privateKey, remotePublicKey, sharedSecret))
        {
            throw new NoiseException("X25519 produced an all-zero shared secret (low-order public key)");
        }
    }
}
