using System.Collections.Concurrent;
using System.Diagnostics;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Resources;

namespace Libp2p.Host.Dialing;

/// <summary>
/// Dials peers by ID for a <see cref="Node"/>: one shared dial per peer (HOST-DIAL-005), addresses ranked and
/// started on a happy-eyeballs schedule with a failure starting the next one at once (RFC 8305 section 5), at most
/// <see cref="DialerOptions.MaxConcurrentDialsPerPeer"/> attempts of a peer and
/// <see cref="DialerOptions.MaxConcurrentDials"/> of the node in flight, per-address and total timeouts, and
/// backoff of failed addresses.
/// </summary>
internal sealed class PeerDialer
{
    private const ulong P2pCode = 421;

    private readonly Node _node;
    private readonly DialerOptions _options;
    private readonly SemaphoreSlim _global;
    private readonly ConcurrentDictionary<PeerId, PendingDial> _pending = new();

    public PeerDialer(Node node, DialerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDialsPerPeer, 1);
        _node = node;
        _options = options;
        _global = new SemaphoreSlim(options.MaxConcurrentDials, options.MaxConcurrentDials);
        Backoff = new DialBackoff(options);
    }

    public DialBackoff Backoff { get; }

    /// <summary>Dials in flight (one per peer).</summary>
    public int PendingCount => _pending.Count;

    public async Task<UpgradedConnection> DialAsync(PeerId peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            PendingDial pending = _pending.GetOrAdd(peer, p => new PendingDial(this, p));
            if (pending.TryJoin(out Task<UpgradedConnection>? task))
            {
                try
                {
                    return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    pending.Leave();
                }
            }
            // Finished or abandoned a moment ago: start afresh.
            _pending.TryRemove(new KeyValuePair<PeerId, PendingDial>(peer, pending));
        }
    }

    private async Task<UpgradedConnection> RunAsync(PeerId peer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (_node.FindConnection(peer) is { } open)
        {
            return open;
        }
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _node.Stopping);
        total.CancelAfter(_options.TotalTimeout);
        IReadOnlyList<ScheduledDial> schedule = Plan(peer);
        var errors = new List<KeyValuePair<Multiaddr, Exception>>();
        (UpgradedConnection, ConnectionReservation)? winner = null;
        var running = new Dictionary<Task<(UpgradedConnection, ConnectionReservation)>, Multiaddr>();
        using var attempts = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
        var clock = Stopwatch.StartNew();
        int next = 0;
        try
        {
            while (winner is null)
            {
                while (next < schedule.Count && running.Count < _options.MaxConcurrentDialsPerPeer && (schedule[next].Delay <= clock.Elapsed || running.Count == 0))
                {
                    Multiaddr address = schedule[next++].Address;
                    running.Add(AttemptAsync(peer, address, attempts.Token), address);
                }
                if (running.Count == 0)
                {
                    break;
                }
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
                var waits = new List<Task>(running.Keys);
                if (next < schedule.Count && running.Count < _options.MaxConcurrentDialsPerPeer)
                {
                    TimeSpan until = schedule[next].Delay - clock.Elapsed;
                    waits.Add(Task.Delay(until > TimeSpan.Zero ? until : TimeSpan.Zero, wake.Token));
                }
                else
                {
                    waits.Add(Task.Delay(Timeout.Infinite, wake.Token));
                }
                Task done = await Task.WhenAny(waits).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                if (done is Task<(UpgradedConnection, ConnectionReservation)> attempt)
                {
                    Multiaddr address = running[attempt];
                    running.Remove(attempt);
                    if (attempt.IsCompletedSuccessfully)
                    {
                        winner = attempt.Result;
                    }
                    else
                    {
                        Exception error = attempt.Exception?.InnerException ?? new OperationCanceledException();
                        errors.Add(new(address, error));
                        if (!total.IsCancellationRequested)
                        {
                            Backoff.RecordFailure(peer, address);
                        }
                    }
                }
                else if (total.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await attempts.CancelAsync().ConfigureAwait(false);
            foreach ((Task<(UpgradedConnection, ConnectionReservation)> attempt, Multiaddr address) in running)
            {
                try
                {
                    (UpgradedConnection loser, ConnectionReservation reservation) = await attempt.ConfigureAwait(false);
                    // Lost the race (or the dial was abandoned): a second connection is not wanted.
                    reservation.Dispose();
                    await loser.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    errors.Add(new(address, e));
                }
            }
        }
        if (winner is { } won)
        {
            Backoff.Clear(peer);
            _node.TrackDialed(won.Item1, won.Item2);
            return won.Item1;
        }
        cancellationToken.ThrowIfCancellationRequested();
        _node.Stopping.ThrowIfCancellationRequested();
        if (total.IsCancellationRequested)
        {
            errors.Add(new(Multiaddr.Empty, new TimeoutException($"dialing {peer} did not finish within {_options.TotalTimeout.TotalSeconds:0.#} s")));
        }
        throw new DialFailedException(peer, errors);
    }

    private IReadOnlyList<ScheduledDial> Plan(PeerId peer)
    {
        Multiaddr[] known = _node.PeerStore.GetAddresses(peer)
            .Select(a => a.Address.TryGetPeerIdMultihash(out _) ? a.Address.DecapsulateCode(P2pCode) : a.Address)
            .Where(_node.CanDial)
            .Distinct()
            .ToArray();
        if (known.Length == 0)
        {
            throw new NoAddressesException(peer);
        }
        Multiaddr[] allowed = known.Where(a => _node.Gater.InterceptAddressDial(peer, a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new ConnectionGatedException("address-dial", $"every address of {peer}");
        }
        Multiaddr[] candidates = allowed.Where(a => !Backoff.IsBackedOff(peer, a)).ToArray();
        if (candidates.Length == 0)
        {
            DateTimeOffset until = allowed.Select(a => Backoff.BackedOffUntil(peer, a) ?? DateTimeOffset.MinValue).Min();
            throw new DialBackoffException(peer, until);
        }
        return AddressRanker.Rank(candidates, _options);
    }

    private async Task<(UpgradedConnection, ConnectionReservation)> AttemptAsync(PeerId peer, Multiaddr address, CancellationToken cancellationToken)
    {
        await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_options.PerAddressTimeout);
            try
            {
                return await _node.DialConnectionAsync(address, peer, _options.PerAddressTimeout, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"dialing {address} did not finish within {_options.PerAddressTimeout.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            _global.Release();
        }
    }

    /// <summary>One dial of one peer, shared by every caller that wants that peer meanwhile.</summary>
    private sealed class PendingDial(PeerDialer dialer, PeerId peer)
    {
        private readonly Lock _gate = new();
        private CancellationTokenSource? _cancel;
        private Task<UpgradedConnection>? _task;
        private int _waiters;
        private bool _closed;

        public bool TryJoin(out Task<UpgradedConnection> task)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    task = null!;
                    return false;
                }
                _waiters++;
                if (_task is null)
                {
                    _cancel = new CancellationTokenSource();
                    _task = RunAsync(_cancel.Token);
                    dialer._node.TrackBackground(_task);
                }
                task = _task;
                return true;
            }
        }

        public void Leave()
        {
            lock (_gate)
            {
                _waiters--;
                if (_waiters == 0 && !_closed)
                {
                    // Nobody wants the connection any more: abandon the dial (cancellation, HOST-DIAL-012).
                    _closed = true;
                    _cancel!.Cancel();
                }
            }
        }

        private async Task<UpgradedConnection> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await dialer.RunAsync(peer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _closed = true;
                }
                dialer._pending.TryRemove(new KeyValuePair<PeerId, PendingDial>(peer, this));
                _cancel!.Dispose();
            }
        }
    }
}
