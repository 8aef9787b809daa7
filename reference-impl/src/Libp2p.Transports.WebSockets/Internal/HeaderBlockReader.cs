using Libp2p.Transports.Tcp;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>Reads one HTTP header block from a stream, bounded by <see cref="WebSocketHandshake.MaxHeaderBytes"/>.</summary>
internal static class HeaderBlockReader
{
    /// <summary>The block (through its empty line), and the bytes read past it; null block when over the limit.</summary>
    public static async ValueTask<(byte[]? Block, byte[] Leftover)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[WebSocketHandshake.MaxHeaderBytes + 1];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new TransportException(TransportErrorKind.HandshakeFailed,
                    $"connection closed during the WebSocket handshake after {filled} bytes");
            }
            // Only the newly read bytes (plus 3 before them) can complete the terminator.
            var searchFrom = Math.Max(0, filled - 3);
            filled += read;
            var end = WebSocketHandshake.FindHeaderEnd(buffer.AsSpan(searchFrom, filled - searchFrom));
            if (end >= 0)
            {
                end += searchFrom;
                return (buffer[..end], buffer[end..filled]);
            }
        }
        return (null, []);
    }
}
