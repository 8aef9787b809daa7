using System.Buffers.Binary;
using System.Numerics;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// The raw ChaCha20 block function (RFC 8439 §2.3), needed only for QUIC header protection (RFC 9001 §5.4.4),
/// which .NET's AEAD-only <c>ChaCha20Poly1305</c> does not expose.
/// </summary>
internal static class ChaCha20Block
{
    /// <summary>Writes the first <paramref name="output"/>.Length (at most 64) bytes of the key stream block.</summary>
    public static void KeyStream(ReadOnlySpan<byte> key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> output)
    {
        Span<uint> state = stackalloc uint[16];
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (int i = 0; i < 8; i++)
        {
            state[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }
        state[12] = counter;
        for (int i = 0; i < 3; i++)
        {
            state[13 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[(4 * i)..]);
        }
        Span<uint> x = stackalloc uint[16];
        state.CopyTo(x);
        for (int round = 0; round < 10; round++)
        {
            Quarter(x, 0, 4, 8, 12);
            Quarter(x, 1, 5, 9, 13);
            Quarter(x, 2, 6, 10, 14);
            Quarter(x, 3, 7, 11, 15);
            Quarter(x, 0, 5, 10, 15);
            Quarter(x, 1, 6, 11, 12);
            Quarter(x, 2, 7, 8, 13);
            Quarter(x, 3, 4, 9, 14);
        }
        Span<byte> block = stackalloc byte[64];
        for (int i = 0; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block[(4 * i)..], x[i] + state[i]);
        }
        block[..output.Length].CopyTo(output);
    }

    private static void Quarter(Span<uint> x, int a, int b, int c, int d)
    {
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 7);
    }
}
