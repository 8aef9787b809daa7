using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>A listener whose accepted connections are wrapped by a <see cref="FaultInjectingTransport"/>.</summary>
internal sealed class FaultInjectingListener(IConnectionListener inner, FaultInjectingTransport transport) : IConnectionListener
{
    public Multiaddr LocalAddress => inner.LocalAddress;

    public async ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default)
        => transport.Wrap(await inner.AcceptAsync(cancellationToken).ConfigureAwait(false));

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
