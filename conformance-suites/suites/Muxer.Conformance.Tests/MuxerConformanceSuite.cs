using System.IO.Pipelines;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests;

/// <summary>
/// The muxer suite shared by every stream multiplexer (libp2p/specs connections/README.md "Stream Multiplexing";
/// scenarios ported from rust-libp2p's shared muxer test harness): many streams, interleaved writes, half-close both
/// ways, resets mid-transfer, backpressure, close while reading, a dropped connection, large transfers checked byte
/// for byte. Subclasses supply the muxer; each runs over every <see cref="TransportKind"/>.
/// </summary>
public abstract partial class MuxerConformanceSuite : ConformanceSuite
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);
    private readonly List<IAsyncDisposable> _owned = [];
    private CancellationTokenSource _cts = new();

    /// <summary>Runs the suite over <paramref name="kind"/>.</summary>
    protected MuxerConformanceSuite(TransportKind kind) => Kind = kind;

    /// <summary>The pipe the pair runs over.</summary>
    protected TransportKind Kind { get; }

    /// <summary>The capability name of the muxer (<c>yamux</c>, <c>mplex</c>).</summary>
    protected abstract string MuxerName { get; }

    /// <summary>Creates the muxer under test.</summary>
    protected abstract IStreamMuxer CreateMuxer();

    /// <summary>Cancelled when a test runs past its time budget, so no wait can hang.</summary>
    protected CancellationToken Ct => _cts.Token;

    /// <summary>Scales a payload size down for the one-byte-at-a-time pipe.</summary>
    protected int Size(int bytes) => Kind == TransportKind.OneByteAtATime ? Math.Max(512, bytes / 64) : bytes;

    /// <summary>Prepares the time budget and checks the target ships this muxer.</summary>
    [SetUp]
    public void SetUpMuxer()
    {
        _cts = new CancellationTokenSource(TestTimeout);
        RequireCapability(MuxerName);
    }

    /// <summary>Disposes the sessions and connections a test created.</summary>
    [TearDown]
    public async Task TearDownMuxer()
    {
        // Everything is disposed and the list cleared even when one disposal fails, so a failure stays this test's
        // and never leaks disposed objects into the next test's teardown.
        var failures = new List<Exception>();
        try
        {
            for (int i = _owned.Count - 1; i >= 0; i--)
            {
                try
                {
                    await _owned[i].DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add(e);
                }
            }
        }
        finally
        {
            _owned.Clear();
            _cts.Dispose();
        }
        if (failures.Count > 0)
        {
            throw new AggregateException("disposing the test's sessions and pipes failed", failures);
        }
    }

    /// <summary>Creates a connected pair of sessions (dialer = initiator) over <see cref="Kind"/>.</summary>
    protected async Task<MuxerPair> CreateConnectedPairAsync()
    {
        ConnectedPipes pipes = await ConnectedPipes.CreateAsync(Kind, Ct);
        _owned.Add(pipes);
        IStreamMuxer muxer = CreateMuxer();
        IMuxedConnection dialer = muxer.Create(pipes.Dialer, isInitiator: true);
        IMuxedConnection listener = muxer.Create(pipes.Listener, isInitiator: false);
        _owned.Add(dialer);
        _owned.Add(listener);
        return new MuxerPair(dialer, listener, pipes);
    }

    /// <summary>Accepts streams on <paramref name="session"/> and echoes each until its writer half-closes.</summary>
    protected async Task EchoServerAsync(IMuxedConnection session, int streams)
    {
        List<Task> running = [];
        for (int i = 0; i < streams; i++)
        {
            IMuxedStream stream = await session.AcceptStreamAsync(Ct);
            running.Add(EchoAsync(stream));
        }
        await Task.WhenAll(running);
    }

    private async Task EchoAsync(IMuxedStream stream)
    {
        await using (stream)
        {
            await stream.Input.CopyToAsync(stream.Output, Ct);
            await stream.Output.CompleteAsync();
        }
    }

    /// <summary>Opens a stream, sends <paramref name="data"/>, half-closes, and returns everything read back.</summary>
    protected async Task<byte[]> RoundTripAsync(IMuxedConnection session, byte[] data)
    {
        IMuxedStream stream = await session.OpenStreamAsync(Ct);
        await using (stream)
        {
            Task<byte[]> reading = StreamIO.ReadToEndAsync(stream.Input, Ct);
            await StreamIO.WriteAsync(stream.Output, data, Ct, complete: true);
            return await reading;
        }
    }

    /// <summary>Writes until a flush fails, returning the failure (or null when the token fires first).</summary>
    protected async Task<Exception?> WriteUntilFailureAsync(PipeWriter writer)
    {
        byte[] chunk = new byte[1024];
        try
        {
            while (!Ct.IsCancellationRequested)
            {
                FlushResult result = await writer.WriteAsync(chunk, Ct);
                if (result.IsCompleted)
                {
                    return new InvalidOperationException("flush reported completion instead of an error");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
        return null;
    }
}
