using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using Libp2p.Core.Identity;
using Libp2p.Core.Security;

namespace Libp2p.Security.Tls.Internal;

/// <summary>
/// An authenticated TLS 1.3 session exposed as a duplex pipe. Completing the output sends
/// <c>close_notify</c> (a TLS 1.3 half-close, RFC 8446 section 6.1) and then half-closes the raw output;
/// the input completes when the remote's <c>close_notify</c> or EOF arrives.
/// </summary>
internal sealed class TlsSecureConnection : PumpedSecureConnection
{
    private const int ReadChunk = 16 * 1024;

    private readonly SslStream _ssl;

    public TlsSecureConnection(IDuplexPipe raw, SslStream ssl, PeerId localPeer, PublicKey remoteKey, string? earlyMuxer, int maxBufferedBytes)
        : base(raw, localPeer, PeerId.FromPublicKey(remoteKey), remoteKey, earlyMuxer, maxBufferedBytes)
    {
        _ssl = ssl;
        StartPumps();
    }

    protected override Exception ChannelError(string message, Exception? inner) => new TlsException(message, inner);

    protected override async ValueTask DisposeChannelAsync()
    {
        await DisposeQuietlyAsync(_ssl).ConfigureAwait(false);
        await Raw.Input.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>SslStream flushes the raw stream on disposal, which throws when the connection already failed.</summary>
    internal static async ValueTask DisposeQuietlyAsync(SslStream ssl)
    {
        try
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection is already broken; its error was reported to the reader and writer. Whatever the layer
            // below completed its pipe with (SocketException is not an IOException) resurfaces here: disposal of a
            // broken connection must not throw.
        }
    }

    protected override async Task ReadPumpAsync()
    {
        PipeWriter app = PlaintextIn;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = app.GetMemory(ReadChunk);
                int read = await _ssl.ReadAsync(memory, AbortToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                app.Advance(read);
                FlushResult flush = await app.FlushAsync(AbortToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = DescribeFailure(ex);
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        if (error is not null)
        {
            Abort();
        }
    }

    protected override async Task WritePumpAsync()
    {
        PipeReader app = PlaintextOut;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await app.ReadAsync(AbortToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await _ssl.WriteAsync(segment, AbortToken).ConfigureAwait(false);
                }
                if (!buffer.IsEmpty)
                {
                    await _ssl.FlushAsync(AbortToken).ConfigureAwait(false);
                }
                app.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            await _ssl.ShutdownAsync().WaitAsync(AbortToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = DescribeFailure(ex);
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await Raw.Output.CompleteAsync(error).ConfigureAwait(false);
    }
}
