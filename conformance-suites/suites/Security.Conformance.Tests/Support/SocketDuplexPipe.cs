using System.IO.Pipelines;
using System.Net.Sockets;

namespace Security.Conformance.Tests.Support;

/// <summary>
/// A connected socket as a duplex pipe: completing <see cref="Output"/> maps to <c>Shutdown(Send)</c>, completing it
/// with an error aborts the socket; <see cref="Input"/> completes on the remote's FIN.
/// </summary>
internal sealed class SocketDuplexPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Pipe _inbound = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _outbound = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Task _receive;
    private readonly Task _send;

    public SocketDuplexPipe(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _receive = Task.Run(ReceiveAsync);
        _send = Task.Run(SendAsync);
    }

    public PipeReader Input => _inbound.Reader;

    public PipeWriter Output => _outbound.Writer;

    public async ValueTask DisposeAsync()
    {
        await _outbound.Writer.CompleteAsync().ConfigureAwait(false);
        await _inbound.Reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _send.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The consumer completed the outbound pipe with its own error; that failure belongs to the test body.
        }
        _socket.Dispose();
        await _receive.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    private async Task ReceiveAsync()
    {
        PipeWriter writer = _inbound.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(16 * 1024);
                int read = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                writer.Advance(read);
                FlushResult flush;
                try
                {
                    flush = await writer.FlushAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The consumer completed its reader with an error (e.g. a failed handshake); FlushAsync rethrows
                    // that error here. It is the consumer's failure, already reported to the test: just stop pumping.
                    break;
                }
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            error = ex;
        }
        await writer.CompleteAsync(error).ConfigureAwait(false);
    }

    private async Task SendAsync()
    {
        PipeReader reader = _outbound.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    await _socket.SendAsync(segment, SocketFlags.None).ConfigureAwait(false);
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
            _socket.Shutdown(SocketShutdown.Send);
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The layer above completed its output with an error (or the socket died): abort, like a TCP RST.
            await reader.CompleteAsync(ex).ConfigureAwait(false);
            _socket.Close(0);
        }
    }
}
