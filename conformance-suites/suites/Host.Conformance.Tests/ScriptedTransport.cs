using System.Collections.Concurrent;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>
/// A transport for dial-scheduling tests that never touches the network: it "dials" documentation addresses
/// (192.0.2.0/24, 2001:db8::/32), records the order of attempts and how many run at once, and either refuses at
/// once or hangs until cancelled.
/// </summary>
internal sealed class ScriptedTransport(bool refuse) : ITransport
{
    private int _inFlight;
    private int _maxInFlight;

    public string Name => "scripted";

    public ConcurrentQueue<Multiaddr> Attempts { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public bool CanDial(Multiaddr address)
    {
        string text = address.ToString();
        return text.StartsWith("/ip4/192.0.2.", StringComparison.Ordinal) || text.StartsWith("/ip6/2001:db8:", StringComparison.Ordinal);
    }

    public bool CanListen(Multiaddr address) => false;

    public async ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        Attempts.Enqueue(address);
        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
        try
        {
            if (refuse)
            {
                await Task.Yield();
                throw new Libp2pException($"connection refused (scripted): {address}");
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the scripted transport only dials");
}
