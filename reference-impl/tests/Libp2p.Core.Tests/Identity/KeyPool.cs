using Libp2p.Core.Identity;

namespace Libp2p.Core.Tests.Identity;

/// <summary>Keys generated once per run: RSA and ECDSA generation is too slow to do per property sample.</summary>
internal static class KeyPool
{
    private static readonly Lazy<PrivateKey[]> Keys = new(() =>
    [
        PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519),
        PrivateKey.Generate(KeyType.Secp256k1), PrivateKey.Generate(KeyType.Secp256k1),
        PrivateKey.Generate(KeyType.Ecdsa), PrivateKey.Generate(KeyType.Ecdsa),
        PrivateKey.Generate(KeyType.Rsa), PrivateKey.Generate(KeyType.Rsa),
    ]);

    public static IReadOnlyList<PrivateKey> All => Keys.Value;

    public static PrivateKey Of(KeyType type, int index = 0) => All.Where(k => k.Type == type).ElementAt(index);
}
