using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Abstractions;

/// <summary>A way to reach peers: dials and listens on multiaddrs, yielding raw (unsecured) byte pipes.</summary>
public interface ITransport
{
    /// <summary>Short name used in matrices and logs, e.g. <c>tcp</c>, <c>ws</c>, <c>memory</c>.</summary>
    string Name { get; }

    /// <summary>Whether this transport can dial <paramref name="address"/>.</summary>
    bool CanDial(Multiaddr address);

    /// <summary>Whether this transport can listen on <paramref name="address"/>.</summary>
    bool CanListen(Multiaddr address);

    /// <summary>Opens a raw connection to <paramref name="address"/>.</summary>
    ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default);

    /// <summary>Starts listening on <paramref name="address"/> (port 0 picks a free port).</summary>
    ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default);
}
