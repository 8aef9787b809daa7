using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Memory;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>
/// Base of the wire-level tests: the implementation under test on one end of an in-memory connection, a
/// <see cref="RawPeer"/> speaking raw bytes on the other. Every wait is bounded by <see cref="Ct"/>.
/// </summary>
public abstract class WireTestBase : ConformanceSuite
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];
    private CancellationTokenSource _cts = new();

    /// <summary>Cancelled when the test overruns its budget.</summary>
    protected CancellationToken Ct => _cts.Token;

    /// <summary>Starts the time budget.</summary>
    [SetUp]
    public void SetUpWire() => _cts = new CancellationTokenSource(TestTimeout);

    /// <summary>Disposes what the test created.</summary>
    [TearDown]
    public async Task TearDownWire()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _owned.Clear();
        _cts.Dispose();
    }

    /// <summary>Creates a connection; the implementation gets <c>Local</c>, the raw peer <c>Remote</c>.</summary>
    protected (IRawConnection Local, RawPeer Peer) Connect()
    {
        var (local, remote) = DuplexPipePair.Create();
        _owned.Add(local);
        _owned.Add(remote);
        return (local, new RawPeer(remote));
    }

    /// <summary>Disposes <paramref name="resource"/> at tear-down (after everything created before it).</summary>
    protected T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
