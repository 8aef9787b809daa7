using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Misbehave;

/// <summary>A transport whose accepted connections send through a fresh <see cref="IByteRewriter"/> each (raw bytes, before security).</summary>
public sealed class RewritingTransport(ITransport inner, Func<IByteRewriter> rewriter) : ITransport
{
    /// <inheritdoc/>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public bool CanDial(Multiaddr address) => inner.CanDial(address);

    /// <inheritdoc/>
    public bool CanListen(Multiaddr address) => inner.CanListen(address);

    /// <inheritdoc/>
    public ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default) =>
        inner.DialAsync(address, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default) =>
        new Listener(await inner.ListenAsync(address, cancellationToken).ConfigureAwait(false), rewriter);

    private sealed class Listener(IConnectionListener listener, Func<IByteRewriter> rewriter) : IConnectionListener
    {
        public Multiaddr LocalAddress => listener.LocalAddress;

        public async ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default) =>
            new Connection(await listener.AcceptAsync(cancellationToken).ConfigureAwait(false), rewriter());

        public ValueTask DisposeAsync() => listener.DisposeAsync();
    }

    private sealed class Connection(IRawConnection raw, IByteRewriter rewriter) : IRawConnection
    {
        public PipeReader Input => raw.Input;

        public PipeWriter Output { get; } = new RewritingPipeWriter(raw.Output, rewriter);

        public Multiaddr LocalAddress => raw.LocalAddress;

        public Multiaddr RemoteAddress => raw.RemoteAddress;

        public void Abort() => raw.Abort();

        public ValueTask DisposeAsync() => raw.DisposeAsync();
    }
}
