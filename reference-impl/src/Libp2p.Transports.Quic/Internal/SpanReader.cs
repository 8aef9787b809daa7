using System.Buffers.Binary;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// A bounds-checked reader over untrusted bytes: every read that would run past the end throws
/// <see cref="QuicException"/> with the error code given at construction, never another exception.
/// </summary>
internal ref struct SpanReader(ReadOnlySpan<byte> buffer, QuicTransportError error)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;

    public int Position { get; private set; }

    public readonly int Remaining => _buffer.Length - Position;

    public readonly bool HasData => Position < _buffer.Length;

    public readonly ReadOnlySpan<byte> Rest => _buffer[Position..];

    public byte ReadByte()
    {
        if (Position >= _buffer.Length)
        {
            throw Truncated();
        }
        return _buffer[Position++];
    }

    public ushort ReadUInt16()
    {
        ReadOnlySpan<byte> bytes = ReadBytes(2);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    public int ReadUInt24()
    {
        ReadOnlySpan<byte> bytes = ReadBytes(3);
        return (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
    }

    public uint ReadUInt32()
    {
        ReadOnlySpan<byte> bytes = ReadBytes(4);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public long ReadVarint()
    {
        int consumed = QuicVarint.TryRead(_buffer[Position..], out long value);
        if (consumed == 0)
        {
            throw Truncated();
        }
        Position += consumed;
        return value;
    }

    /// <summary>Reads a varint that must fit <paramref name="max"/>; larger values are the reader's error.</summary>
    public int ReadVarintLength(int max)
    {
        long value = ReadVarint();
        if (value > max || value > Remaining)
        {
            throw new QuicException(error, $"length {value} exceeds the {Math.Min(max, Remaining)} bytes allowed here");
        }
        return (int)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated();
        }
        ReadOnlySpan<byte> slice = _buffer.Slice(Position, count);
        Position += count;
        return slice;
    }

    public ReadOnlySpan<byte> ReadVector8() => ReadBytes(ReadByte());

    public ReadOnlySpan<byte> ReadVector16() => ReadBytes(ReadUInt16());

    public ReadOnlySpan<byte> ReadVector24() => ReadBytes(ReadUInt24());

    private readonly QuicException Truncated() => new(error, $"truncated input at offset {Position} of {_buffer.Length}");
}
