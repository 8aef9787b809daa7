using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Security.Noise.Internal;

/// <summary>
/// The Noise transport phase as a pipe-to-pipe duplex (libp2p/specs noise/README.md "Wire Format"): a read pump
/// decrypts frames from the raw input into <see cref="Input"/>, a write pump chunks <see cref="Output"/> into
/// frames of at most 65535 bytes. Completing <see cref="Output"/> half-closes the raw output; a failed
/// authentication faults <see cref="Input"/> and tears both directions down.
/// </summary>
internal sealed class NoiseSecureConnection : ISecureConnection
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly IDuplexPipe _raw;
    private readonly NoiseTransportState _transport;
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _readPump;
    private readonly Task _writePump;
    private int _disposed;

    public NoiseSecureConnection(IDuplexPipe raw, NoiseTransportState transport, PeerId localPeer, RemoteIdentity remote, string? earlyMuxer, int maxBufferedBytes)
    {
        _raw = raw;
        _transport = transport;
        LocalPeer = localPeer;
        RemotePeer = remote.PeerId;
        RemotePublicKey = remote.Key;
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
            // The remote stopped reading and our final frames cannot drain: abort instead of waiting forever.
            _abort.Cancel();
            await Task.WhenAll(_readPump, _writePump).ConfigureAwait(false);
        }
        _transport.Dispose();
        _abort.Dispose();
    }

    private async Task ReadPumpAsync()
    {
        PipeReader input = _raw.Input;
        PipeWriter app = _inbound.Writer;
        byte[]? scratch = null;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(_abort.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (NoiseFrameCodec.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
                    {
                        int length = (int)frame.Length;
                        if (length < NoiseTransportState.TagLength)
                        {
                            throw new NoiseException($"transport message of {length} bytes is shorter than the tag");
                        }
                        ReadOnlySpan<byte> ciphertext;
                        if (frame.IsSingleSegment)
                        {
                            ciphertext = frame.FirstSpan;
                        }
                        else
                        {
                            scratch ??= ArrayPool<byte>.Shared.Rent(NoiseTransportState.MaxMessageLength);
                            frame.CopyTo(scratch);
                            ciphertext = scratch.AsSpan(0, length);
                        }
                        Span<byte> destination = app.GetSpan(length - NoiseTransportState.TagLength);
                        app.Advance(_transport.Decrypt(ciphertext, destination));
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                FlushResult flush = await app.FlushAsync(_abort.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new NoiseException("connection closed in the middle of a Noise message");
                    }
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            error = new NoiseException("connection aborted");
        }
        catch (Exception ex)
        {
            error = ex is Libp2pException ? ex : new NoiseException($"secure connection failed: {ex.Message}", ex);
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await input.CompleteAsync(error).ConfigureAwait(false);
        if (error is not null)
        {
            // A forged or corrupted message means the session is compromised: close the write side too.
            _abort.Cancel();
        }
    }

    private async Task WritePumpAsync()
    {
        PipeReader app = _outbound.Reader;
        PipeWriter output = _raw.Output;
        byte[]? scratch = null;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await app.ReadAsync(_abort.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    int chunk = (int)Math.Min(buffer.Length, NoiseTransportState.MaxPlaintextLength);
                    ReadOnlySequence<byte> slice = buffer.Slice(0, chunk);
                    ReadOnlySpan<byte> plaintext;
                    if (slice.IsSingleSegment)
                    {
                        plaintext = slice.FirstSpan;
                    }
                    else
                    {
                        scratch ??= ArrayPool<byte>.Shared.Rent(NoiseTransportState.MaxPlaintextLength);
                        slice.CopyTo(scratch);
                        plaintext = scratch.AsSpan(0, chunk);
                    }
                    Span<byte> destination = output.GetSpan(NoiseFrameCodec.HeaderLength + chunk + NoiseTransportState.TagLength);
                    int written = _transport.Encrypt(plaintext, destination[NoiseFrameCodec.HeaderLength..]);
                    NoiseFrameCodec.WriteHeader(destination, written);
                    output.Advance(NoiseFrameCodec.HeaderLength + written);
                    buffer = buffer.Slice(chunk);
                }
                bool hadData = !result.Buffer.IsEmpty;
                app.AdvanceTo(result.Buffer.End);
                if (hadData)
                {
                    FlushResult flush = await output.FlushAsync(_abort.Token).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            error = new NoiseException("connection aborted");
        }
        catch (Exception ex)
        {
            error = ex is Libp2pException ? ex : new NoiseException($"secure connection failed: {ex.Message}", ex);
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await output.CompleteAsync(error).ConfigureAwait(false);
    }
}
