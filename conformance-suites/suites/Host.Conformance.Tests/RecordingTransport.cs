using System.Collections.Concurrent;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Passes everything to <paramref name="inner"/> and records the addresses dialed, in order.</summary>
internal sealed class RecordingTransport(ITransport inner) : ITransport
{
    public ConcurrentQueue<Multiaddr> Dialed { get; } = new();

    public string Name => inner.Name;

    public bool CanDial(Multiaddr address) => inner.CanDial(address);

    public bool CanListen(Multiaddr address) => inner.CanListen(address);

    public ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        Dialed.Enqueue(address);
        return inner.DialAsync(address, cancellationToken);
    }

    public ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default) =>
        inner.ListenAsync(address, cancellationToken);
}
