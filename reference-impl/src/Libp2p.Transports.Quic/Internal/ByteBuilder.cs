namespace Libp2p.Transports.Quic.Internal;

/// <summary>A growable big-endian writer with nested length prefixes, for TLS handshake messages (not a hot path).</summary>
internal sealed class ByteBuilder
{
    private readonly List<byte> _bytes = new(512);
    private readonly Stack<(int Offset, int Size)> _open = new();

    public int Length => _bytes.Count;

    public void U8(int value) => _bytes.Add((byte)value);

    public void U16(int value)
    {
        _bytes.Add((byte)(value >> 8));
        _bytes.Add((byte)value);
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            _bytes.Add(b);
        }
    }

    /// <summary>Opens a length prefix of <paramref name="size"/> bytes (1, 2 or 3) filled in by <see cref="End"/>.</summary>
    public void Begin(int size)
    {
        _open.Push((_bytes.Count, size));
        for (int i = 0; i < size; i++)
        {
            _bytes.Add(0);
        }
    }

    public void End()
    {
        (int offset, int size) = _open.Pop();
        int length = _bytes.Count - offset - size;
        if (length >= 1 << (8 * size))
        {
            throw new InvalidOperationException($"{length} bytes do not fit a {size}-byte length prefix");
        }
        for (int i = 0; i < size; i++)
        {
            _bytes[offset + i] = (byte)(length >> (8 * (size - 1 - i)));
        }
    }

    public byte[] ToArray() => [.. _bytes];
}
