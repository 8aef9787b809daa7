using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;

namespace Libp2p.Protocols.Perf;

/// <summary>
/// <c>/perf/1.0.0</c> (libp2p/specs perf/perf.md, Working Draft r0): the client writes the size it wants back as
/// an 8-byte big-endian uint64, uploads any number of bytes and closes its write side; the server drains the upload
/// to end-of-stream, then (never concurrently) sends exactly the requested number of bytes and closes. Payload
/// bytes are zeros. Both sides work on a negotiated stream pipe and count bytes into optional
/// <see cref="PerfCounters"/> so a reporter can sample throughput while the exchange runs.
/// </summary>
public static class PerfProtocol
{
    /// <summary>The protocol ID (perf.md "Protocol").</summary>
    public const string Id = "/perf/1.0.0";

    /// <summary>Length of the size prefix.</summary>
    public const int SizeLength = 8;

    /// <summary>Write block size of both sides: 64 KiB.</summary>
    public const int DefaultBlockSize = 64 * 1024;

    private static readonly PerfServerOptions DefaultServerOptions = new();

    /// <summary>
    /// Server side (perf.md "Protocol"): reads the size, drains the upload until the client half-closes, then sends
    /// the requested bytes and closes. A request of <see cref="ulong.MaxValue"/> streams until the client stops
    /// reading (timer-based mode) or <see cref="PerfServerOptions.MaxResponseBytes"/> is reached. Throws
    /// <see cref="PerfProtocolException"/> and aborts the stream without a response when the stream ends inside the
    /// size prefix or asks for more than the cap.
    /// </summary>
    public static async Task<PerfResult> ServeAsync(IDuplexPipe stream, PerfServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= DefaultServerOptions;
        if (options.BlockSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "perf: BlockSize must be positive");
        }
        long start = Stopwatch.GetTimestamp();
        ReadResult result = await stream.Input.ReadAtLeastAsync(SizeLength, cancellationToken).ConfigureAwait(false);
        ReadOnlySequence<byte> buffer = result.Buffer;
        if (buffer.Length < SizeLength)
        {
            stream.Input.AdvanceTo(buffer.End);
            throw await AbortAsync(stream, new PerfProtocolException(
                $"perf: the stream ended after {buffer.Length} of the {SizeLength} size bytes")).ConfigureAwait(false);
        }
        Span<byte> prefix = stackalloc byte[SizeLength];
        buffer.Slice(0, SizeLength).CopyTo(prefix);
        stream.Input.AdvanceTo(buffer.GetPosition(SizeLength));
        ulong requested = BinaryPrimitives.ReadUInt64BigEndian(prefix);
        bool untilStopped = requested == ulong.MaxValue;
        if (!untilStopped && requested > options.MaxResponseBytes)
        {
            throw await AbortAsync(stream, new PerfProtocolException(
                $"perf: {requested} bytes requested, above this server's cap of {options.MaxResponseBytes}")).ConfigureAwait(false);
        }

        long uploaded = 0;
        while (true)
        {
            result = await stream.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            uploaded += result.Buffer.Length;
            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }
        await stream.Input.CompleteAsync().ConfigureAwait(false);

        ulong limit = untilStopped ? options.MaxResponseBytes : requested;
        ulong sent = 0;
        while (sent < limit)
        {
            int count = (int)Math.Min((ulong)options.BlockSize, limit - sent);
            stream.Output.GetSpan(count)[..count].Clear();
            stream.Output.Advance(count);
            // Counted once handed to the stream: a client that stops reading may already have read this block
            // when the flush reports it gone, so "sent" must never trail what the client received.
            sent += (ulong)count;
            FlushResult flush;
            try
            {
                flush = await stream.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (untilStopped && e is not OperationCanceledException)
            {
                // Timer-based mode: the client ends the download by resetting or closing the stream.
                return new PerfResult(requested, uploaded, (long)sent, Stopwatch.GetElapsedTime(start));
            }
            if (flush.IsCompleted)
            {
                if (untilStopped)
                {
                    return new PerfResult(requested, uploaded, (long)sent, Stopwatch.GetElapsedTime(start));
                }
                throw new PerfProtocolException($"perf: the client stopped reading after at most {sent} of {requested} bytes");
            }
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
        return new PerfResult(requested, uploaded, (long)sent, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// Client side (perf.md "Protocol"): writes the size and the upload, half-closes, then reads the download to
    /// end-of-stream. A finite download of any other length throws <see cref="PerfProtocolException"/>. A timed
    /// download (<see cref="ulong.MaxValue"/>) reads for <see cref="PerfClientRequest.DownloadDuration"/>, then
    /// stops reading and returns what arrived.
    /// </summary>
    public static async Task<PerfResult> RunClientAsync(IDuplexPipe stream, PerfClientRequest request, PerfCounters? counters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        bool timed = request.DownloadBytes == ulong.MaxValue;
        if (timed && request.DownloadDuration is not { } duration)
        {
            throw new ArgumentException("perf: a max-uint64 download needs a DownloadDuration", nameof(request));
        }
        counters ??= new PerfCounters();
        long start = Stopwatch.GetTimestamp();
        BinaryPrimitives.WriteUInt64BigEndian(stream.Output.GetSpan(SizeLength), request.DownloadBytes);
        stream.Output.Advance(SizeLength);
        ulong remaining = request.UploadBytes;
        do
        {
            int count = (int)Math.Min(DefaultBlockSize, remaining);
            if (count > 0)
            {
                stream.Output.GetSpan(count)[..count].Clear();
                stream.Output.Advance(count);
            }
            FlushResult flush = await stream.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new PerfProtocolException($"perf: the server stopped reading after {counters.UploadedBytes} of {request.UploadBytes} upload bytes");
            }
            remaining -= (ulong)count;
            counters.AddUploaded(count);
        }
        while (remaining > 0);
        await stream.Output.CompleteAsync().ConfigureAwait(false);

        using var timer = timed ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        timer?.CancelAfter(request.DownloadDuration!.Value);
        CancellationToken readToken = timer?.Token ?? cancellationToken;
        long downloaded = 0;
        try
        {
            while (true)
            {
                ReadResult result = await stream.Input.ReadAsync(readToken).ConfigureAwait(false);
                long length = result.Buffer.Length;
                downloaded += length;
                counters.AddDownloaded(length);
                stream.Input.AdvanceTo(result.Buffer.End);
                if (!timed && (ulong)downloaded > request.DownloadBytes)
                {
                    throw new PerfProtocolException($"perf: the server sent more than the {request.DownloadBytes} bytes requested");
                }
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timed && !cancellationToken.IsCancellationRequested)
        {
            // The download timer ran out: stop reading, as perf.md's timer-based mode intends.
        }
        await stream.Input.CompleteAsync().ConfigureAwait(false);
        if (!timed && (ulong)downloaded != request.DownloadBytes)
        {
            throw new PerfProtocolException($"perf: the stream ended after {downloaded} of {request.DownloadBytes} download bytes");
        }
        return new PerfResult(request.DownloadBytes, counters.UploadedBytes, downloaded, Stopwatch.GetElapsedTime(start));
    }

    private static async Task<PerfProtocolException> AbortAsync(IDuplexPipe stream, PerfProtocolException error)
    {
        await stream.Input.CompleteAsync(error).ConfigureAwait(false);
        await stream.Output.CompleteAsync(error).ConfigureAwait(false);
        return error;
    }
}
