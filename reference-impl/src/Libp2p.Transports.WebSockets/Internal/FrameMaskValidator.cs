using System.Buffers.Binary;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// Follows the frame boundaries of a byte stream of RFC 6455 frames (§5.2) and checks the MASK bit of every frame
/// header: frames from a client must be masked, frames from a server must not (§5.1). Sans-IO: feed bytes in any
/// chunking; state is a few bytes, whatever lengths the frames claim.
/// </summary>
internal sealed class FrameMaskValidator(bool expectMasked)
{
    private readonly byte[] _header = new byte[14];
    private int _headerFilled;
    private long _payloadRemaining;

    /// <summary>The first violation seen, or null.</summary>
    public string? Violation { get; private set; }

    /// <summary>Feeds the next bytes of the stream; returns false once a violation was seen.</summary>
    public bool Advance(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && Violation is null)
        {
            if (_payloadRemaining > 0)
            {
                var skip = (int)Math.Min(_payloadRemaining, data.Length);
                _payloadRemaining -= skip;
                data = data[skip..];
                continue;
            }
            _header[_headerFilled++] = data[0];
            data = data[1..];
            if (_headerFilled < 2)
            {
                continue;
            }
            var masked = (_header[1] & 0x80) != 0;
            if (_headerFilled == 2 && masked != expectMasked)
            {
                Violation = expectMasked
                    ? "unmasked frame from the client (RFC 6455 §5.1)"
                    : "masked frame from the server (RFC 6455 §5.1)";
                return false;
            }
            var length7 = _header[1] & 0x7F;
            var extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            var total = 2 + extended + (masked ? 4 : 0);
            if (_headerFilled < total)
            {
                continue;
            }
            long length = extended switch
            {
                2 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
                8 => (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)),
                _ => length7,
            };
            if (length < 0)
            {
                Violation = "frame length with the most significant bit set (RFC 6455 §5.2)";
                return false;
            }
            _payloadRemaining = length;
            _headerFilled = 0;
        }
        return Violation is null;
    }
}
