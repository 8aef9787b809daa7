using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Security.Tls.Internal;

/// <summary>
/// An authenticated TLS 1.3 session exposed as a duplex pipe. Completing <see cref="Output"/> sends
/// <c>close_notify</c> (a TLS 1.3 half-close, RFC 8446 section 6.1) and then half-closes the raw output;
/// <see cref="Input"/> completes when the remote's <c>close_notify</c> or EOF arrives.
/// </summary>
internal sealed class TlsSecureConnection : ISecureConnection
{
    private const int ReadChunk = 16 * 1024;
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly IDuplexPipe _raw;
    private readonly SslStream _ssl;
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _readPump;
    private readonly Task _writePump;
    private int _disposed;

    public TlsSecureConnection(IDuplexPipe raw, SslStream ssl, PeerId localPeer, PublicKey remoteKey, string? earlyMuxer, int maxBufferedBytes)
    {
        _raw = raw;
        _ssl = ssl;
        LocalPeer = localPeer;
        RemotePublicKey = remoteKey;
        RemotePeer = PeerId.FromPublicKey(remoteKey);
        EarlyMuxer = earlyMuxer;
        var options = new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: maxBufferedBytes,
            resumeWriterThreshold: maxBufferedBytes / 2,
            // Large segments keep a full pipe to a handful of pooled arrays (4 KiB segments would exceed the
            // ArrayPool's per-core cache and allocate) and let most plaintext chunks be encrypted in place.
            minimumSegmentSize: 64 * 1024,
            useSynchronizationContext: false);
        _inbound = new Pipe(options);
        _outbound = new Pipe(options);
        _readPump = Task.Run(ReadPumpAsync);
        _writePump = Task.Run(WritePumpAsync);
    }

    public PeerId LocalPeer { get; }

    public PeerId RemotePeer { get; }

    public PublicKey RemotePublicKey { get; }

    public string? EarlyMuxer { get; }

    public PipeReader Input => _inbound.Reader;

    public PipeWriter Output => _outbound.Writer;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _outbound.Writer.Complete();
        _inbound.Reader.Complete();
        _raw.Input.CancelPendingRead();
        try
        {
            await Task.WhenAll(_readPump, _writePump).WaitAsync(DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _abort.Cancel();
            await Task.WhenAll(_readPump, _writePump).ConfigureAwait(false);
        }
        await DisposeQuietlyAsync(_ssl).ConfigureAwait(false);
        await _raw.Input.CompleteAsync().ConfigureAwait(false);
        _abort.Dispose();
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

    private async Task ReadPumpAsync()
    {
        PipeWriter app = _inbound.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = app.GetMemory(ReadChunk);
                int read = await _ssl.ReadAsync(memory, _abort.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                app.Advance(read);
                FlushResult flush = await app.FlushAsync(_abort.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            error = new TlsException("connection aborted");
        }
        catch (Exception ex)
        {
            error = ex is Libp2pException ? ex : new TlsException($"secure connection failed: {ex.Message}", ex);
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        if (error is not null)
        {
            _abort.Cancel();
        }
    }

    private async Task WritePumpAsync()
    {
        PipeReader app = _outbound.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await app.ReadAsync(_abort.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await _ssl.WriteAsync(segment, _abort.Token).ConfigureAwait(false);
                }
                if (!buffer.IsEmpty)
                {
                    await _ssl.FlushAsync(_abort.Token).ConfigureAwait(false);
                }
                app.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            await _ssl.ShutdownAsync().WaitAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            error = new TlsException("connection aborted");
        }
        catch (Exception ex)
        {
            error = ex is Libp2pException ? ex : new TlsException($"secure connection failed: {ex.Message}", ex);
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await _raw.Output.CompleteAsync(error).ConfigureAwait(false);
    }
}
