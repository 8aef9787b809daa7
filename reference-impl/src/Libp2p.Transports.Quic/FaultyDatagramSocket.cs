using System.Net;

namespace Libp2p.Transports.Quic;

/// <summary>
/// A fault-injecting wrapper for tests: drops, duplicates and reorders outgoing datagrams with the given
/// probabilities, from a seeded generator so that a failing run can be replayed.
/// </summary>
public sealed class FaultyDatagramSocket(IDatagramSocket inner, double loss, double duplication, double reordering, int seed) : IDatagramSocket
{
    private readonly Random _random = new(seed);
    private readonly object _lock = new();
    private (byte[] Datagram, IPEndPoint Remote)? _held;

    /// <summary>Datagrams dropped so far.</summary>
    public int Dropped { get; private set; }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        (byte[] Datagram, IPEndPoint Remote)? release = null;
        bool send, duplicate, hold;
        lock (_lock)
        {
            send = _random.NextDouble() >= loss;
            duplicate = _random.NextDouble() < duplication;
            hold = _held is null && _random.NextDouble() < reordering;
            if (!send)
            {
                Dropped++;
            }
            else if (hold)
            {
                _held = (datagram.ToArray(), remote);
            }
            else if (_held is not null)
            {
                release = _held;
                _held = null;
            }
        }
        if (send && !hold)
        {
            inner.Send(datagram, remote);
            if (duplicate)
            {
                inner.Send(datagram, remote);
            }
        }
        // A held datagram goes out after the one that overtook it.
        if (release is { } r)
        {
            inner.Send(r.Datagram, r.Remote);
        }
    }

    /// <inheritdoc />
    public ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();
}
