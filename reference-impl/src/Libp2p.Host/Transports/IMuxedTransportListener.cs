using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Transports;

/// <summary>A bound listener of an <see cref="IMuxedTransport"/>.</summary>
public interface IMuxedTransportListener : IAsyncDisposable
{
    /// <summary>The bound address (the real port when port 0 was asked).</summary>
    Multiaddr LocalAddress { get; }

    /// <summary>Waits for the next authenticated inbound connection.</summary>
    ValueTask<MuxedTransportConnection> AcceptAsync(CancellationToken cancellationToken = default);
}
