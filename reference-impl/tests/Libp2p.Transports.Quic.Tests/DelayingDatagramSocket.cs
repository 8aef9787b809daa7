using System.Diagnostics;
using System.Net;
using System.Threading.Channels;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// A test socket wrapper that delays every outgoing datagram by a fixed one-way delay (a long path on loopback) and
/// records what it sent: the packet types of each datagram, so that tests can count flights and coalescing.
/// </summary>
internal sealed class DelayingDatagramSocket : IDatagramSocket
{
    private readonly IDatagramSocket _inner;
    private readonly TimeSpan _delay;
    private readonly Channel<(long DueTicks, byte[] Datagram, IPEndPoint Remote)> _queue = Channel.CreateUnbounded<(long, byte[], IPEndPoint)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly object _lock = new();
    private readonly List<SentDatagram> _sent = [];

    public DelayingDatagramSocket(IDatagramSocket inner, TimeSpan delay)
    {
        _inner = inner;
        _delay = delay;
        _pump = PumpAsync();
    }

    /// <summary>One recorded datagram: when it was handed to us, its size and the packet types it coalesces.</summary>
    internal sealed record SentDatagram(long Ticks, int Length, string Types);

    public IPEndPoint LocalEndPoint => _inner.LocalEndPoint;

    public IReadOnlyList<SentDatagram> Sent { get { lock (_lock) { return [.. _sent]; } } }

    /// <summary>
    /// While set, datagrams holding only 1-RTT packets are kept back (in order) until <see cref="ReleaseHeld"/>;
    /// they are still recorded in <see cref="Sent"/>.
    /// </summary>
    public bool HoldOneRtt { get; set; }

    private readonly List<(byte[] Datagram, IPEndPoint Remote)> _held = [];

    /// <summary>Stops holding and sends what was held, in order.</summary>
    public void ReleaseHeld()
    {
        List<(byte[] Datagram, IPEndPoint Remote)> held;
        lock (_lock)
        {
            HoldOneRtt = false;
            held = [.. _held];
            _held.Clear();
        }
        foreach ((byte[] datagram, IPEndPoint remote) in held)
        {
            Forward(datagram, remote);
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        string types = Describe(datagram);
        lock (_lock)
        {
            if (HoldOneRtt && types.Split('+').All(t => t == "1"))
            {
                _sent.Add(new SentDatagram(Stopwatch.GetTimestamp(), datagram.Length, types));
                _held.Add((datagram.ToArray(), remote));
                return;
            }
            _sent.Add(new SentDatagram(Stopwatch.GetTimestamp(), datagram.Length, types));
        }
        Forward(datagram, remote);
    }

    private void Forward(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (_delay == TimeSpan.Zero)
        {
            _inner.Send(datagram, remote);
            return;
        }
        _queue.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(_delay.TotalSeconds * Stopwatch.Frequency), datagram.ToArray(), remote));
    }

    public ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _inner.ReceiveAsync(buffer, cancellationToken);

    public void Dispose()
    {
        _stop.Cancel();
        _queue.Writer.TryComplete();
        try
        {
            _pump.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // the pump ends by cancellation
        }
        _inner.Dispose();
        _stop.Dispose();
    }

    /// <summary>"I" Initial, "H" Handshake, "1" 1-RTT, "R" Retry, "Z" 0-RTT, joined by '+' in datagram order.</summary>
    internal static string Describe(ReadOnlySpan<byte> datagram)
    {
        var types = new List<string>();
        while (!datagram.IsEmpty)
        {
            if (!Internal.PacketParser.TryParse(datagram, 8, out Internal.PacketHeader header) || header.PacketLength <= 0)
            {
                types.Add("?");
                break;
            }
            types.Add(header.Type switch
            {
                Internal.PacketType.Initial => "I",
                Internal.PacketType.Handshake => "H",
                Internal.PacketType.OneRtt => "1",
                Internal.PacketType.Retry => "R",
                Internal.PacketType.ZeroRtt => "Z",
                _ => "V",
            });
            datagram = datagram[header.PacketLength..];
        }
        return string.Join('+', types);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach ((long due, byte[] datagram, IPEndPoint remote) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), _stop.Token);
                }
                _inner.Send(datagram, remote);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }
}
