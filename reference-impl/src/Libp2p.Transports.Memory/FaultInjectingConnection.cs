using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Memory;

/// <summary>
/// Wraps any <see cref="IRawConnection"/> and forwards its bytes through two pumps that inject the faults of
/// <see cref="FaultInjectionOptions"/>: small or random chunks (each flushed on its own, so the reader sees them
/// separately), latency per write, an abrupt reset (RST) after N bytes, or a stall (the direction stops
/// delivering) after N bytes. Half-close and abort pass through. Deterministic for a given seed.
/// </summary>
public sealed class FaultInjectingConnection : IRawConnection
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly IRawConnection _inner;
    private readonly FaultInjectionOptions _options;
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _inboundPump;
    private readonly Task _outboundPump;
    private volatile bool _outboundStalled;
    private volatile string? _abortReason;
    private int _disposed;

    /// <summary>Wraps <paramref name="inner"/>; the pumps start at once.</summary>
    public FaultInjectingConnection(IRawConnection inner, FaultInjectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinChunkSize < 1 || options.MaxChunkSize < 0 || (options.MaxChunkSize > 0 && options.MaxChunkSize < options.MinChunkSize))
        {
            throw new ArgumentException("chunk sizes must satisfy 1 <= MinChunkSize <= MaxChunkSize (or MaxChunkSize = 0)", nameof(options));
        }
        _inner = inner;
        _options = options;
        var pipeOptions = new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false);
        _inbound = new Pipe(pipeOptions);
        _outbound = new Pipe(pipeOptions);
        _inboundPump = Task.Run(() => PumpInboundAsync(new Random(options.Seed)));
        _outboundPump = Task.Run(() => PumpOutboundAsync(new Random(unchecked(options.Seed * 31 + 17))));
    }

    /// <inheritdoc />
    public Multiaddr LocalAddress => _inner.LocalAddress;

    /// <inheritdoc />
    public Multiaddr RemoteAddress => _inner.RemoteAddress;

    /// <inheritdoc />
    public PipeReader Input => _inbound.Reader;

    /// <inheritdoc />
    public PipeWriter Output => _outbound.Writer;

    /// <inheritdoc />
    public void Abort() => AbortCore("connection aborted locally");

    private void AbortCore(string reason)
    {
        if (Interlocked.CompareExchange(ref _abortReason, reason, null) is not null)
        {
            return;
        }
        _inner.Abort();
        _cts.Cancel();
    }

    private bool Faulted(FaultDirection direction) => (_options.Directions & direction) != 0;

    private int NextChunk(Random random, long available, long forwarded, bool faulted)
    {
        long chunk = available;
        if (faulted)
        {
            if (_options.MaxChunkSize > 0)
            {
                chunk = Math.Min(chunk, random.Next(_options.MinChunkSize, _options.MaxChunkSize + 1));
            }
            if (_options.ResetAfterBytes is { } reset)
            {
                chunk = Math.Min(chunk, reset - forwarded);
            }
            if (_options.StallAfterBytes is { } stall)
            {
                chunk = Math.Min(chunk, stall - forwarded);
            }
        }
        return (int)Math.Min(chunk, 64 * 1024);
    }

    /// <summary>Before forwarding: aborts or stalls when a byte budget is used up. Returns false to stop the pump.</summary>
    private async ValueTask<bool> CheckBudgetsAsync(long forwarded, bool faulted, bool outbound, CancellationToken ct)
    {
        if (!faulted)
        {
            return true;
        }
        if (_options.ResetAfterBytes is { } reset && forwarded >= reset)
        {
            AbortCore($"connection reset injected after {forwarded} bytes");
            return false;
        }
        if (_options.StallAfterBytes is { } stall && forwarded >= stall)
        {
            if (outbound)
            {
                _outboundStalled = true;
            }
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        return true;
    }

    private async Task PumpInboundAsync(Random random)
    {
        var ct = _cts.Token;
        var source = _inner.Input;
        var target = _inbound.Writer;
        var faulted = Faulted(FaultDirection.Inbound);
        long forwarded = 0;
        Exception? error = null;
        try
        {
            while (await CheckBudgetsAsync(forwarded, faulted, outbound: false, ct).ConfigureAwait(false))
            {
                var result = await source.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsEmpty)
                {
                    source.AdvanceTo(buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                    continue;
                }
                var chunk = NextChunk(random, buffer.Length, forwarded, faulted);
                if (faulted && _options.LatencyPerWrite > TimeSpan.Zero)
                {
                    await Task.Delay(_options.LatencyPerWrite, ct).ConfigureAwait(false);
                }
                var slice = buffer.Slice(0, chunk);
                slice.CopyTo(target.GetSpan(chunk));
                target.Advance(chunk);
                source.AdvanceTo(slice.End);
                forwarded += chunk;
                var flush = await target.FlushAsync(ct).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            source.Complete();
            target.Complete(PumpError(error));
        }
    }

    private async Task PumpOutboundAsync(Random random)
    {
        var ct = _cts.Token;
        var source = _outbound.Reader;
        var target = _inner.Output;
        var faulted = Faulted(FaultDirection.Outbound);
        long forwarded = 0;
        Exception? error = null;
        var halfClose = false;
        try
        {
            while (await CheckBudgetsAsync(forwarded, faulted, outbound: true, ct).ConfigureAwait(false))
            {
                var result = await source.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsEmpty)
                {
                    source.AdvanceTo(buffer.End);
                    if (result.IsCompleted)
                    {
                        halfClose = true;
                        break;
                    }
                    continue;
                }
                var chunk = NextChunk(random, buffer.Length, forwarded, faulted);
                if (faulted && _options.LatencyPerWrite > TimeSpan.Zero)
                {
                    await Task.Delay(_options.LatencyPerWrite, ct).ConfigureAwait(false);
                }
                var slice = buffer.Slice(0, chunk);
                slice.CopyTo(target.GetSpan(chunk));
                target.Advance(chunk);
                source.AdvanceTo(slice.End);
                forwarded += chunk;
                var flush = await target.FlushAsync(ct).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            if (halfClose)
            {
                await target.CompleteAsync().ConfigureAwait(false);
            }
            source.Complete(PumpError(error));
        }
    }

    private Exception? PumpError(Exception? error) => _abortReason is { } reason
        ? new IOException(reason, error)
        : error is null ? null : error as IOException ?? new IOException(error.Message, error);

    /// <summary>Graceful close: lets pending outbound bytes drain (bounded), then closes the inner connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _outbound.Writer.CompleteAsync().ConfigureAwait(false);
        await _inbound.Reader.CompleteAsync().ConfigureAwait(false);
        if (!_outboundStalled && _abortReason is null)
        {
            try
            {
                await _outboundPump.WaitAsync(DrainTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A peer that stopped reading must not hold disposal forever; the inner close below cuts it.
            }
        }
        _cts.Cancel();
        await Task.WhenAll(_inboundPump, _outboundPump).ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        _cts.Dispose();
    }
}
