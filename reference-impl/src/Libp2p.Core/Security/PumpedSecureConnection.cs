using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Core.Security;

/// <summary>
/// The shape every byte-stream security channel (Noise, TLS) shares once its handshake is done: a read pump turns
/// the raw input into plaintext on <see cref="Input"/>, a write pump turns plaintext from <see cref="Output"/>
/// into the raw output. Both plaintext pipes schedule inline, so the whole receive or send chain runs on the
/// thread that moved the bytes (no thread-pool hop per layer). Disposal completes both sides, waits a bounded
/// time for the final frames to drain, then aborts the pumps.
/// </summary>
public abstract class PumpedSecureConnection : ISecureConnection
{
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly CancellationTokenSource _abort = new();
    private Task _readPump = Task.CompletedTask;
    private Task _writePump = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates the plaintext pipes; the derived constructor calls <see cref="StartPumps"/> last.</summary>
    protected PumpedSecureConnection(IDuplexPipe raw, PeerId localPeer, PeerId remotePeer, PublicKey remoteKey, string? earlyMuxer, int maxBufferedBytes)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(remoteKey);
        Raw = raw;
        LocalPeer = localPeer;
        RemotePublicKey = remoteKey;
        RemotePeer = remotePeer;
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
    }

    /// <inheritdoc />
    public PeerId LocalPeer { get; }

    /// <inheritdoc />
    public PeerId RemotePeer { get; }

    /// <inheritdoc />
    public PublicKey RemotePublicKey { get; }

    /// <inheritdoc />
    public string? EarlyMuxer { get; }

    /// <inheritdoc />
    public PipeReader Input => _inbound.Reader;

    /// <inheritdoc />
    public PipeWriter Output => _outbound.Writer;

    /// <summary>The raw connection below the channel.</summary>
    protected IDuplexPipe Raw { get; }

    /// <summary>Where the read pump writes decrypted bytes.</summary>
    protected PipeWriter PlaintextIn => _inbound.Writer;

    /// <summary>Where the write pump reads the application's bytes.</summary>
    protected PipeReader PlaintextOut => _outbound.Reader;

    /// <summary>Cancelled when the connection must stop at once (failed authentication, stuck disposal).</summary>
    protected CancellationToken AbortToken => _abort.Token;

    /// <summary>True once <see cref="AbortToken"/> fired.</summary>
    protected bool IsAborted => _abort.IsCancellationRequested;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _outbound.Writer.Complete();
        _inbound.Reader.Complete();
        Raw.Input.CancelPendingRead();
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
        await DisposeChannelAsync().ConfigureAwait(false);
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts both pumps; call it at the end of the derived constructor.</summary>
    protected void StartPumps()
    {
        _readPump = Task.Run(ReadPumpAsync);
        _writePump = Task.Run(WritePumpAsync);
    }

    /// <summary>Stops both directions: a forged or corrupted message means the session is compromised.</summary>
    protected void Abort() => _abort.Cancel();

    /// <summary>
    /// What a pump reports for <paramref name="failure"/>: "aborted" after <see cref="Abort"/>, a library error as
    /// it is, anything else wrapped in the channel's own exception type with the cause kept.
    /// </summary>
    protected Exception DescribeFailure(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is OperationCanceledException && IsAborted)
        {
            return ChannelError("connection aborted", null);
        }
        return failure is Libp2pException ? failure : ChannelError($"secure connection failed: {failure.Message}", failure);
    }

    /// <summary>The channel's exception type (e.g. NoiseException) for <see cref="DescribeFailure"/>.</summary>
    protected abstract Exception ChannelError(string message, Exception? inner);

    /// <summary>Decrypts the raw input into <see cref="PlaintextIn"/> until either side ends; never throws.</summary>
    protected abstract Task ReadPumpAsync();

    /// <summary>Encrypts <see cref="PlaintextOut"/> into the raw output until either side ends; never throws.</summary>
    protected abstract Task WritePumpAsync();

    /// <summary>Releases the channel's own state after both pumps stopped; must not throw.</summary>
    protected abstract ValueTask DisposeChannelAsync();
}
