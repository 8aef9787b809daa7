using System.IO.Pipelines;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Transport.Conformance.Tests;

/// <summary>
/// The transport conformance suite (libp2p/specs <c>connections/README.md</c>), one abstract fixture subclassed per
/// target transport. A target supplies a transport factory, a listen address and capability flags; every test
/// carries the requirement IDs it checks.
/// </summary>
public abstract class TransportConformanceSuite
{
    /// <summary>Upper bound of every wait in a test.</summary>
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private readonly List<IAsyncDisposable> _cleanup = [];
    private CancellationTokenSource _cts = null!;

    /// <summary>Creates the transport under test (one instance dials and listens).</summary>
    protected abstract ITransport CreateTransport();

    /// <summary>The address to listen on, asking for any free port (e.g. <c>/ip4/127.0.0.1/tcp/0</c>).</summary>
    protected abstract Multiaddr ListenAddress { get; }

    /// <summary>Addresses the transport must accept for dialing.</summary>
    protected abstract IEnumerable<string> DialableAddresses { get; }

    /// <summary>Addresses the transport must refuse (they belong to other transports or are malformed).</summary>
    protected abstract IEnumerable<string> NonDialableAddresses { get; }

    /// <summary>Whether <see cref="ListenAddress"/> asks for "any port" and must come back concrete.</summary>
    protected virtual bool HasPorts => true;

    /// <summary>Connections opened at once by the concurrency test.</summary>
    protected virtual int ConcurrentConnections => 200;

    /// <summary>Cancelled when the test exceeds <see cref="TestTimeout"/>.</summary>
    protected CancellationToken Ct => _cts.Token;

    /// <summary>Per-test setup.</summary>
    [SetUp]
    public void CreateTimeout() => _cts = new CancellationTokenSource(TestTimeout);

    /// <summary>Disposes everything the test registered.</summary>
    [TearDown]
    public async Task DisposeRegisteredAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
        _cleanup.Clear();
        _cts.Dispose();
    }

    /// <summary>Registers <paramref name="item"/> for disposal at tear-down.</summary>
    protected T Track<T>(T item) where T : IAsyncDisposable
    {
        _cleanup.Add(item);
        return item;
    }

    /// <summary>Listens, dials the listener and accepts: the (listener, dialer end, accepted end) triple.</summary>
    protected async Task<(IConnectionListener Listener, IRawConnection Dialed, IRawConnection Accepted)> CreateConnectedPairAsync(ITransport transport)
    {
        var listener = Track(await transport.ListenAsync(ListenAddress, Ct));
        var accept = listener.AcceptAsync(Ct).AsTask();
        var dialed = Track(await transport.DialAsync(listener.LocalAddress, Ct));
        var accepted = Track(await accept);
        return (listener, dialed, accepted);
    }

    [Test]
    [Requirement("TRANSPORT-ADDR-001")]
    public void CanDial_and_CanListen_claim_exactly_their_addresses()
    {
        var transport = CreateTransport();
        Assert.Multiple(() =>
        {
            foreach (var address in DialableAddresses)
            {
                Assert.That(transport.CanDial(Multiaddr.Parse(address)), Is.True, $"must dial {address}");
            }
            foreach (var address in NonDialableAddresses)
            {
                Assert.That(transport.CanDial(Multiaddr.Parse(address)), Is.False, $"must not dial {address}");
                Assert.That(transport.CanListen(Multiaddr.Parse(address)), Is.False, $"must not listen on {address}");
            }
            Assert.That(transport.CanListen(ListenAddress), Is.True);
        });
    }

    [Test]
    [Requirement("TRANSPORT-LISTEN-001")]
    public async Task Listening_on_any_port_reports_a_concrete_dialable_address()
    {
        var transport = CreateTransport();
        var listener = Track(await transport.ListenAsync(ListenAddress, Ct));
        var second = Track(await transport.ListenAsync(ListenAddress, Ct));
        Assert.Multiple(() =>
        {
            Assert.That(transport.CanDial(listener.LocalAddress), Is.True, listener.LocalAddress.ToString());
            if (HasPorts)
            {
                Assert.That(listener.LocalAddress, Is.Not.EqualTo(ListenAddress));
                Assert.That(listener.LocalAddress.ToString(), Does.Not.Contain("/tcp/0/").And.Not.EndWith("/tcp/0"));
            }
            Assert.That(second.LocalAddress, Is.Not.EqualTo(listener.LocalAddress), "two listeners on 'any port' get distinct addresses");
        });
    }

    [Test]
    [Requirement("TRANSPORT-DIAL-001")]
    public async Task Dial_reaches_the_listener_and_addresses_match_on_both_ends()
    {
        var (listener, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        Assert.Multiple(() =>
        {
            Assert.That(dialed.RemoteAddress, Is.EqualTo(listener.LocalAddress));
            Assert.That(accepted.LocalAddress, Is.EqualTo(listener.LocalAddress));
            Assert.That(accepted.RemoteAddress, Is.EqualTo(dialed.LocalAddress));
        });
    }

    [Test]
    [Requirement("TRANSPORT-DATA-001")]
    public async Task One_MiB_each_way_arrives_intact_and_in_order()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        var up = PipeIo.RandomBytes(1024 * 1024, 1);
        var down = PipeIo.RandomBytes(1024 * 1024, 2);
        var sendUp = PipeIo.WriteAsync(dialed.Output, up, Ct);
        var sendDown = PipeIo.WriteAsync(accepted.Output, down, Ct);
        var receivedUp = PipeIo.ReadExactlyAsync(accepted.Input, up.Length, Ct);
        var receivedDown = PipeIo.ReadExactlyAsync(dialed.Input, down.Length, Ct);
        await Task.WhenAll(sendUp, sendDown, receivedUp, receivedDown);
        Assert.Multiple(() =>
        {
            Assert.That(receivedUp.Result.AsSpan().SequenceEqual(up), Is.True, "dialer -> listener bytes differ");
            Assert.That(receivedDown.Result.AsSpan().SequenceEqual(down), Is.True, "listener -> dialer bytes differ");
        });
    }

    [Test]
    [Requirement("TRANSPORT-CLOSE-001")]
    public async Task Half_close_from_the_dialer_keeps_the_other_direction_open()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        await HalfCloseExchangeAsync(dialed, accepted);
    }

    [Test]
    [Requirement("TRANSPORT-CLOSE-001")]
    public async Task Half_close_from_the_listener_keeps_the_other_direction_open()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        await HalfCloseExchangeAsync(accepted, dialed);
    }

    private async Task HalfCloseExchangeAsync(IRawConnection closer, IRawConnection other)
    {
        var request = PipeIo.RandomBytes(70_000, 3);
        var receiving = PipeIo.ReadToEndAsync(other.Input, Ct);
        await PipeIo.WriteAsync(closer.Output, request, Ct);
        await closer.Output.CompleteAsync();
        var received = await receiving;
        Assert.That(received.AsSpan().SequenceEqual(request), Is.True, "bytes before the half-close must all arrive");

        var response = PipeIo.RandomBytes(90_000, 4);
        var echoing = PipeIo.ReadToEndAsync(closer.Input, Ct);
        await PipeIo.WriteAsync(other.Output, response, Ct);
        await other.Output.CompleteAsync();
        var echoed = await echoing;
        Assert.That(echoed.AsSpan().SequenceEqual(response), Is.True, "the open direction must still deliver after the half-close");
    }

    [Test]
    [Requirement("TRANSPORT-RESET-001")]
    public async Task Abort_surfaces_as_an_error_on_the_remote_and_locally()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        await PipeIo.WriteAsync(dialed.Output, new byte[] { 1, 2, 3 }, Ct);
        Assert.That(await PipeIo.ReadExactlyAsync(accepted.Input, 3, Ct), Is.EqualTo(new byte[] { 1, 2, 3 }));

        var remoteRead = PipeIo.ReadToEndAsync(accepted.Input, Ct);
        dialed.Abort();
        Assert.CatchAsync<IOException>(async () => await remoteRead, "the remote's pending read must fail, not end cleanly");
        Assert.CatchAsync<IOException>(async () => await PipeIo.ReadToEndAsync(dialed.Input, Ct), "local reads after abort must fail");
    }

    [Test]
    [Requirement("TRANSPORT-RESET-001")]
    public async Task Abort_fails_the_remote_writer_eventually()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        accepted.Abort();
        Assert.CatchAsync<IOException>(async () =>
        {
            var chunk = new byte[16 * 1024];
            // Without a reader the writer must fail (RST) rather than block forever or succeed silently.
            for (var i = 0; i < 64 * 1024; i++)
            {
                var result = await dialed.Output.WriteAsync(chunk, Ct);
                Assert.That(result.IsCompleted, Is.False, "a reset must fail the writer, not look like a reader that completed");
                await Task.Yield();
            }
        });
    }

    [Test]
    [Requirement("TRANSPORT-DIAL-002")]
    public async Task Dialing_an_address_without_listener_fails_with_a_clear_error()
    {
        var transport = CreateTransport();
        var listener = await transport.ListenAsync(ListenAddress, Ct);
        var address = listener.LocalAddress;
        await listener.DisposeAsync();
        var error = Assert.CatchAsync<Libp2pException>(async () => await transport.DialAsync(address, Ct));
        Assert.That(error!.Message, Does.Contain("refused").IgnoreCase.Or.Contain("no listener").IgnoreCase);
    }

    [Test]
    [Requirement("TRANSPORT-CANCEL-001")]
    public async Task Dial_with_a_cancelled_token_is_cancelled()
    {
        var transport = CreateTransport();
        var listener = Track(await transport.ListenAsync(ListenAddress, Ct));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(async () => await transport.DialAsync(listener.LocalAddress, cancelled.Token));
    }

    [Test]
    [Requirement("TRANSPORT-CANCEL-001")]
    public async Task Accept_honours_cancellation_and_the_listener_keeps_working()
    {
        var transport = CreateTransport();
        var listener = Track(await transport.ListenAsync(ListenAddress, Ct));
        using var soon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        soon.CancelAfter(TimeSpan.FromMilliseconds(100));
        Assert.CatchAsync<OperationCanceledException>(async () => await listener.AcceptAsync(soon.Token));

        var accept = listener.AcceptAsync(Ct).AsTask();
        var dialed = Track(await transport.DialAsync(listener.LocalAddress, Ct));
        var accepted = Track(await accept);
        await PipeIo.WriteAsync(dialed.Output, new byte[] { 42 }, Ct);
        Assert.That(await PipeIo.ReadExactlyAsync(accepted.Input, 1, Ct), Is.EqualTo(new byte[] { 42 }));
    }

    [Test]
    [Requirement("TRANSPORT-LISTEN-002")]
    public async Task Disposing_the_listener_fails_pending_and_later_accepts_and_refuses_dials()
    {
        var transport = CreateTransport();
        var listener = await transport.ListenAsync(ListenAddress, Ct);
        var pending = listener.AcceptAsync(Ct).AsTask();
        await listener.DisposeAsync();
        Assert.CatchAsync<ObjectDisposedException>(async () => await pending);
        Assert.CatchAsync<ObjectDisposedException>(async () => await listener.AcceptAsync(Ct));
        Assert.CatchAsync<Libp2pException>(async () => await transport.DialAsync(listener.LocalAddress, Ct));
    }

    [Test]
    [Requirement("TRANSPORT-CONC-001")]
    public async Task Many_concurrent_connections_each_carry_their_own_bytes()
    {
        var transport = CreateTransport();
        var listener = Track(await transport.ListenAsync(ListenAddress, Ct));
        var n = ConcurrentConnections;
        var server = Task.Run(async () =>
        {
            var echoes = new List<Task>();
            for (var i = 0; i < n; i++)
            {
                var connection = Track(await listener.AcceptAsync(Ct));
                echoes.Add(EchoOnceAsync(connection));
            }
            await Task.WhenAll(echoes);
        });
        var clients = Enumerable.Range(0, n).Select(async i =>
        {
            var connection = await transport.DialAsync(listener.LocalAddress, Ct);
            await using (connection)
            {
                var payload = PipeIo.RandomBytes(256, 1000 + i);
                await PipeIo.WriteAsync(connection.Output, payload, Ct);
                await connection.Output.CompleteAsync();
                var echoed = await PipeIo.ReadToEndAsync(connection.Input, Ct);
                return echoed.AsSpan().SequenceEqual(payload);
            }
        }).ToArray();
        var results = await Task.WhenAll(clients);
        await server;
        Assert.That(results, Has.All.True);
    }

    private async Task EchoOnceAsync(IRawConnection connection)
    {
        var received = await PipeIo.ReadToEndAsync(connection.Input, Ct);
        await PipeIo.WriteAsync(connection.Output, received, Ct);
        await connection.Output.CompleteAsync();
    }

    [Test]
    [Requirement("TRANSPORT-CLOSE-002")]
    public async Task Remote_close_completes_a_pending_read_with_end_of_stream()
    {
        var (_, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        var pending = PipeIo.ReadToEndAsync(accepted.Input, Ct);
        await PipeIo.WriteAsync(dialed.Output, new byte[] { 5, 6 }, Ct);
        await dialed.DisposeAsync();
        Assert.That(await pending, Is.EqualTo(new byte[] { 5, 6 }), "graceful close delivers the data, then end of stream");
    }

    [Test]
    [Requirement("TRANSPORT-LISTEN-002")]
    public async Task Disposing_the_listener_keeps_accepted_connections_open()
    {
        var (listener, dialed, accepted) = await CreateConnectedPairAsync(CreateTransport());
        await listener.DisposeAsync();
        var reading = PipeIo.ReadExactlyAsync(dialed.Input, 3, Ct);
        await PipeIo.WriteAsync(accepted.Output, new byte[] { 1, 2, 3 }, Ct);
        Assert.That(await reading, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}
