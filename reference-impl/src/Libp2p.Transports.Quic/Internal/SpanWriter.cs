using System.Buffers.Binary;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>A writer into a fixed span; callers check <see cref="Remaining"/> before writing variable data.</summary>
internal ref struct SpanWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; set; }

    public readonly int Remaining => _buffer.Length - Position;

    public readonly Span<byte> Written => _buffer[..Position];

    public readonly Span<byte> Buffer => _buffer;

    public void WriteByte(byte value) => _buffer[Position++] = value;

    public void WriteUInt16(int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], (ushort)value);
        Position += 2;
    }

    public void WriteUInt24(int value)
    {
        _buffer[Position++] = (byte)(value >> 16);
        _buffer[Position++] = (byte)(value >> 8);
        _buffer[Position++] = (byte)value;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteVarint(long value) => Position += QuicVarint.Write(_buffer[Position..], value);

    public void WriteVarint(long value, int length) => Position += QuicVarint.Write(_buffer[Position..], value, length);

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Position..]);
        Position += bytes.Length;
    }

    /// <summary>Reserves <paramref name="count"/> bytes and returns their offset (for length prefixes written later).</summary>
    public int Skip(int count)
    {
        int at = Position;
        Position += count;
        return at;
    }
}
