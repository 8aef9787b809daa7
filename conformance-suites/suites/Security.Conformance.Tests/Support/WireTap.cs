using System.IO.Pipelines;

namespace Security.Conformance.Tests.Support;

/// <summary>
/// An in-memory wire between a dialer and a listener that records every byte in each direction and can corrupt
/// one byte of the dialer-to-listener stream, like an on-path attacker.
/// </summary>
internal sealed class WireTap : IAsyncDisposable
{
    private readonly MemoryStream _dialerToListener = new();
    private readonly MemoryStream _listenerToDialer = new();
    private readonly Task _forward;
    private readonly Task _backward;
    private long _flipAt = -1;

    public WireTap()
    {
        (IDuplexPipe dialer, IDuplexPipe dialerWire) = DuplexPipe.CreatePair();
        (IDuplexPipe listenerWire, IDuplexPipe listener) = DuplexPipe.CreatePair();
        Dialer = dialer;
        Listener = listener;
        _forward = Task.Run(() => RelayAsync(dialerWire.Input, listenerWire.Output, _dialerToListener, flip: true));
        _backward = Task.Run(() => RelayAsync(listenerWire.Input, dialerWire.Output, _listenerToDialer, flip: false));
    }

    public IDuplexPipe Dialer { get; }

    public IDuplexPipe Listener { get; }

    public byte[] DialerToListener
    {
        get
        {
            lock (_dialerToListener)
            {
                return _dialerToListener.ToArray();
            }
        }
    }

    public byte[] ListenerToDialer
    {
        get
        {
            lock (_listenerToDialer)
            {
                return _listenerToDialer.ToArray();
            }
        }
    }

    /// <summary>Corrupts the byte <paramref name="ahead"/> positions after what has been relayed so far.</summary>
    public void CorruptUpcomingDialerByte(int ahead)
    {
        lock (_dialerToListener)
        {
            Interlocked.Exchange(ref _flipAt, _dialerToListener.Length + ahead);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_forward, _backward).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    private async Task RelayAsync(PipeReader from, PipeWriter to, MemoryStream record, bool flip)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await from.ReadAsync().ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    byte[] copy = segment.ToArray();
                    lock (record)
                    {
                        long start = record.Length;
                        long target = Interlocked.Read(ref _flipAt);
                        if (flip && target >= start && target < start + copy.Length)
                        {
                            copy[target - start] ^= 0x5a;
                        }
                        record.Write(copy);
                    }
                    await to.WriteAsync(copy).ConfigureAwait(false);
                }
                from.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        await from.CompleteAsync(error).ConfigureAwait(false);
        await to.CompleteAsync(error).ConfigureAwait(false);
    }
}
