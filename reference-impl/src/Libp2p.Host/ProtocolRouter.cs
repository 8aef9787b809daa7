using System.Collections.Concurrent;
using Libp2p.Core.Abstractions;
using Libp2p.Host.Resources;
using Libp2p.Multistream;

namespace Libp2p.Host;

/// <summary>
/// Routes inbound streams to protocol handlers: accepts each stream of a connection, negotiates its protocol
/// with multistream-select among the registered IDs, and runs the handler. A stream whose negotiation or
/// handler fails is reset; the connection goes on.
/// </summary>
public sealed class ProtocolRouter
{
    private readonly ConcurrentDictionary<string, StreamHandler> _handlers = new(StringComparer.Ordinal);
    private long _refusedStreams;

    /// <summary>Limit for negotiating an inbound stream's protocol.</summary>
    public TimeSpan NegotiationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accounts inbound streams: a stream that does not fit its peer's, the system's or its protocol's limits is
    /// reset, and the connection goes on (HOST-RCMGR-003). Null serves without accounting.
    /// </summary>
    public ResourceManager? Resources { get; init; }

    /// <summary>Inbound streams reset because a resource limit refused them.</summary>
    public long RefusedStreams => Interlocked.Read(ref _refusedStreams);

    /// <summary>The protocols currently served.</summary>
    public IReadOnlyCollection<string> Protocols => _handlers.Keys.ToArray();

    /// <summary>Serves <paramref name="protocol"/> with <paramref name="handler"/> (replacing an earlier one).</summary>
    public void SetHandler(string protocol, StreamHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[protocol] = handler;
    }

    /// <summary>Stops serving <paramref name="protocol"/>.</summary>
    public bool RemoveHandler(string protocol) => _handlers.TryRemove(protocol, out _);

    /// <summary>
    /// Accepts and serves streams of <paramref name="connection"/> until its muxer session ends or
    /// <paramref name="cancellationToken"/> fires; then waits for the running handlers.
    /// </summary>
    public async Task ServeAsync(UpgradedConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var running = new List<Task>();
        int pruneAt = 64;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                IMuxedStream stream;
                try
                {
                    stream = await connection.Muxer.AcceptStreamAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MuxerClosedException or OperationCanceledException or Libp2pException or IOException)
                {
                    break;
                }
                StreamReservation? reservation = null;
                if (Resources is not null)
                {
                    try
                    {
                        reservation = Resources.ReserveStream(connection.RemotePeer, inbound: true);
                    }
                    catch (ResourceLimitExceededException)
                    {
                        Interlocked.Increment(ref _refusedStreams);
                        stream.Reset();
                        await stream.DisposeAsync().ConfigureAwait(false);
                        continue;
                    }
                }
                if (running.Count >= pruneAt)
                {
                    // Amortised: prune only when the list doubled, so a stream flood costs O(1) per stream.
                    running.RemoveAll(t => t.IsCompleted);
                    pruneAt = Math.Max(64, running.Count * 2);
                }
                running.Add(HandleStreamAsync(stream, reservation, connection, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task HandleStreamAsync(IMuxedStream stream, StreamReservation? reservation, UpgradedConnection connection, CancellationToken cancellationToken)
    {
        // Leave the accept loop at once: negotiation and the handler run off its path.
        await Task.Yield();
        try
        {
            string protocol;
            using (var negotiation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                negotiation.CancelAfter(NegotiationTimeout);
                protocol = await MultistreamSelect.SelectInboundAsync(stream, _handlers.ContainsKey, _handlers.Keys, negotiation.Token).ConfigureAwait(false);
            }
            if (!_handlers.TryGetValue(protocol, out StreamHandler? handler))
            {
                stream.Reset();
                return;
            }
            if (reservation is not null)
            {
                try
                {
                    reservation.SetProtocol(protocol);
                }
                catch (ResourceLimitExceededException)
                {
                    Interlocked.Increment(ref _refusedStreams);
                    throw;
                }
            }
            await handler(new StreamContext(stream, stream, protocol, connection) { Resources = reservation }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Libp2pException or IOException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            stream.Reset();
        }
        finally
        {
            reservation?.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
