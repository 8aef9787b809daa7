using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>
/// One end of an in-memory connection: two <see cref="Pipe"/>s, one per direction, each wrapped so that
/// <see cref="Abort"/> surfaces as an <see cref="IOException"/> on both ends (TCP RST semantics: buffered data is
/// discarded).
/// </summary>
internal sealed class MemoryConnection : IRawConnection
{
    private readonly ResetState _state;
    private readonly ResettablePipeReader _input;
    private readonly ResettablePipeWriter _output;
    private MemoryConnection? _peer;
    private int _disposed;

    private MemoryConnection(Pipe inbound, Pipe outbound, Multiaddr local, Multiaddr remote)
    {
        _state = new ResetState();
        _input = new ResettablePipeReader(inbound.Reader, _state);
        _output = new ResettablePipeWriter(outbound.Writer, _state);
        LocalAddress = local;
        RemoteAddress = remote;
    }

    /// <summary>Creates two connected ends.</summary>
    public static (MemoryConnection A, MemoryConnection B) CreatePair(Multiaddr addressA, Multiaddr addressB, PipeOptions options)
    {
        var aToB = new Pipe(options);
        var bToA = new Pipe(options);
        var a = new MemoryConnection(bToA, aToB, addressA, addressB);
        var b = new MemoryConnection(aToB, bToA, addressB, addressA);
        a._peer = b;
        b._peer = a;
        return (a, b);
    }

    public Multiaddr LocalAddress { get; }

    public Multiaddr RemoteAddress { get; }

    public PipeReader Input => _input;

    public PipeWriter Output => _output;

    public void Abort()
    {
        Reset(new IOException("connection aborted locally"));
        _peer?.Reset(new IOException("connection reset by peer"));
    }

    private void Reset(IOException error)
    {
        if (_state.TrySet(error))
        {
            _input.WakeForReset();
            _output.WakeForReset();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Graceful close: what was written stays readable by the peer, then it sees end of stream.
            _output.Complete();
            _input.Complete();
        }
        return ValueTask.CompletedTask;
    }
}
