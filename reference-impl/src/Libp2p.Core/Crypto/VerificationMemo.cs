using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Libp2p.Core.Crypto;

/// <summary>
/// Signature checks that already passed, by the SHA-256 of every byte they covered: a peer that reconnects presents
/// the same signed bytes (libp2p hosts keep their Noise static key and their TLS certificate for a run), and the same
/// bytes give the same verdict, so the handshake can skip the public-key operations. Only passed checks enter and the
/// memo holds at most its capacity, so hostile peers can neither poison it nor grow it; whatever is time-dependent
/// (a certificate's validity period) stays the caller's to check on every use.
/// </summary>
/// <typeparam name="T">What a passed check produced (the authenticated key, say).</typeparam>
public sealed class VerificationMemo<T>(int capacity) where T : class
{
    private readonly ConcurrentDictionary<(UInt128, UInt128), T> _entries = new();

    /// <summary>Entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// The key of a check over <paramref name="first"/>, <paramref name="second"/> and <paramref name="third"/>, each
    /// length-prefixed so that different splits of the same bytes never collide.
    /// </summary>
    public static (UInt128, UInt128) KeyOf(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default, ReadOnlySpan<byte> third = default)
    {
        int length = 12 + first.Length + second.Length + third.Length;
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        int offset = Append(input, 0, first);
        offset = Append(input, offset, second);
        Append(input, offset, third);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return (BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
    }

    private static int Append(Span<byte> input, int offset, ReadOnlySpan<byte> part)
    {
        BinaryPrimitives.WriteInt32LittleEndian(input[offset..], part.Length);
        part.CopyTo(input[(offset + 4)..]);
        return offset + 4 + part.Length;
    }

    /// <summary>What the check with this key produced, or null if it has not passed (or was forgotten).</summary>
    public T? Find((UInt128, UInt128) key) => _entries.GetValueOrDefault(key);

    /// <summary>Remembers a passed check.</summary>
    public void Add((UInt128, UInt128) key, T result)
    {
        if (_entries.Count >= capacity)
        {
            // Rare (that many distinct peers) and cheap to refill: no LRU bookkeeping on every handshake.
            _entries.Clear();
        }
        _entries[key] = result;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _entries.Clear();
}
