using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;

namespace Libp2p.Daemon.Internal;

/// <summary>
/// Joins a control socket and a libp2p stream after STREAM_OPEN or a STREAM_HANDLER dial-back (go-libp2p-daemon
/// specs/README.md, "Opening a stream", "Setting a stream handler"): bytes flow both ways, each side's end of input
/// half-closes the other, and a failure of either side resets the libp2p stream and closes the socket.
/// </summary>
internal static class StreamBridge
{
    public static async Task RunAsync(PipeReader socketInput, Socket socket, IDuplexPipe stream, IMuxedStream muxed, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task up = Guard(SocketToStreamAsync(socketInput, stream.Output, failed.Token), failed);
        Task down = Guard(StreamToSocketAsync(stream.Input, socket, failed.Token), failed);
        await Task.WhenAll(up, down).ConfigureAwait(false);
        if (failed.IsCancellationRequested)
        {
            muxed.Reset();
        }
    }

    private static async Task Guard(Task copy, CancellationTokenSource failed)
    {
        try
        {
            await copy.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or Libp2pException or ObjectDisposedException or InvalidOperationException)
        {
            // One direction failing ends the other: a reset stream or a dropped client leaves nothing to carry.
            await failed.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task SocketToStreamAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                output.Write(segment.Span);
            }
            input.AdvanceTo(buffer.End);
            if (!buffer.IsEmpty)
            {
                FlushResult flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
            if (result.IsCompleted)
            {
                break;
            }
        }
        await output.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task StreamToSocketAsync(PipeReader input, Socket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                int sent = 0;
                while (sent < segment.Length)
                {
                    sent += await socket.SendAsync(segment[sent..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
            input.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        socket.Shutdown(SocketShutdown.Send);
    }
}
