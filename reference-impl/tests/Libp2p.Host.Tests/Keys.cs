using System.Collections.Concurrent;
using Libp2p.Core.Identity;

namespace Libp2p.Host.Tests;

/// <summary>Deterministic Ed25519 keys for tests.</summary>
internal static class Keys
{
    private static readonly ConcurrentDictionary<byte, PrivateKey> Cache = new();

    public static PrivateKey Make(byte seed) => Cache.GetOrAdd(seed, s =>
    {
        byte[] bytes = new byte[32];
        Array.Fill(bytes, s);
        return PrivateKey.Ed25519FromSeed(bytes);
    });

    public static PeerId Peer(byte seed) => PeerId.FromPublicKey(Make(seed).PublicKey);
}
