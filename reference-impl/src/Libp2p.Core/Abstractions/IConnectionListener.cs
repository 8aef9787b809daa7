using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Abstractions;

/// <summary>A bound listener of one transport.</summary>
public interface IConnectionListener : IAsyncDisposable
{
    /// <summary>The address actually bound (with the real port when 0 was asked).</summary>
    Multiaddr LocalAddress { get; }

    /// <summary>Waits for the next inbound raw connection.</summary>
    ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default);
}
