using System.Net.Sockets;
using Google.Protobuf;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon.Internal;

/// <summary>
/// Length-prefixed messages read straight from a socket without reading past them, so the bytes that follow (a
/// libp2p stream after STREAM_OPEN or StreamInfo) stay in the socket for whoever reads next.
/// </summary>
internal static class SocketFrames
{
    public static async Task WriteAsync(Socket socket, IMessage message, CancellationToken cancellationToken)
    {
        byte[] bytes = ControlFrame.ToArray(message);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <exception cref="ControlProtocolException">Bad prefix, over <paramref name="maxLength"/>, or the socket ended inside the frame.</exception>
    public static async Task<byte[]> ReadAsync(Socket socket, int maxLength, CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[Varint.MaxLength];
        int used = 0;
        ulong length;
        while (true)
        {
            if (used == prefix.Length)
            {
                throw new ControlProtocolException("bad length prefix: varint longer than 9 bytes");
            }
            await ReadExactlyAsync(socket, prefix.AsMemory(used, 1), cancellationToken).ConfigureAwait(false);
            used++;
            VarintStatus status = Varint.TryRead(prefix.AsSpan(0, used), out length, out _);
            if (status == VarintStatus.Ok)
            {
                break;
            }
            if (status != VarintStatus.NeedMoreData)
            {
                throw new ControlProtocolException("bad length prefix: not a minimal unsigned varint of at most 63 bits");
            }
        }
        if (length > (ulong)maxLength)
        {
            throw new ControlProtocolException($"message of {length} bytes is above the {maxLength}-byte limit");
        }
        byte[] payload = new byte[(int)length];
        await ReadExactlyAsync(socket, payload, cancellationToken).ConfigureAwait(false);
        return payload;
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ControlProtocolException("the connection ended inside a length-prefixed message");
            }
            buffer = buffer[read..];
        }
    }
}
