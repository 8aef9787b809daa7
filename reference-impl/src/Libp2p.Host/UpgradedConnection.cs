using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Host;

/// <summary>A connection after the full upgrade: raw transport, secure channel and a running muxer session.</summary>
public sealed class UpgradedConnection : IAsyncDisposable
{
    internal UpgradedConnection(IRawConnection raw, ISecureConnection secure, string securityProtocol, string muxerProtocol, IMuxedConnection muxer, bool isInitiator)
    {
        Raw = raw;
        Secure = secure;
        SecurityProtocol = securityProtocol;
        MuxerProtocol = muxerProtocol;
        Muxer = muxer;
        IsInitiator = isInitiator;
    }

    /// <summary>The transport connection underneath.</summary>
    public IRawConnection Raw { get; }

    /// <summary>The authenticated channel.</summary>
    public ISecureConnection Secure { get; }

    /// <summary>The negotiated security protocol ID (e.g. <c>/noise</c>).</summary>
    public string SecurityProtocol { get; }

    /// <summary>The negotiated muxer protocol ID (e.g. <c>/yamux/1.0.0</c>).</summary>
    public string MuxerProtocol { get; }

    /// <summary>The running muxer session.</summary>
    public IMuxedConnection Muxer { get; }

    /// <summary>Whether we dialed this connection.</summary>
    public bool IsInitiator { get; }

    /// <summary>The authenticated remote peer.</summary>
    public PeerId RemotePeer => Secure.RemotePeer;

    private Task? _disposal;

    /// <summary>Whether disposal has started.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposal) is not null;

    /// <summary>Closes the muxer gracefully, then the layers below. Idempotent: later calls wait for the first.</summary>
    public ValueTask DisposeAsync()
    {
        Task? running = Volatile.Read(ref _disposal);
        if (running is null)
        {
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            running = Interlocked.CompareExchange(ref _disposal, first.Task, null);
            if (running is null)
            {
                return new ValueTask(CloseLayersAsync(first));
            }
        }
        return new ValueTask(running);
    }

    private async Task CloseLayersAsync(TaskCompletionSource done)
    {
        try
        {
            await CloseLayersAsync().ConfigureAwait(false);
            done.SetResult();
        }
        catch (Exception e)
        {
            done.SetException(e);
            throw;
        }
    }

    private async Task CloseLayersAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Muxer.CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or Libp2pException or IOException or InvalidOperationException)
        {
            // Closing a connection the remote already dropped is not an error worth surfacing.
        }
        await Muxer.DisposeAsync().ConfigureAwait(false);
        await Secure.DisposeAsync().ConfigureAwait(false);
        await Raw.DisposeAsync().ConfigureAwait(false);
    }
}
