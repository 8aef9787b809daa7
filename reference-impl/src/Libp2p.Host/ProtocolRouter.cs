using System.Collections.Concurrent;
using Libp2p.Core.Abstractions;
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

    /// <summary>Limit for negotiating an inbound stream's protocol.</summary>
    public TimeSpan NegotiationTimeout { get; init; } = TimeSpan.FromSeconds(10);

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
                running.RemoveAll(t => t.IsCompleted);
                running.Add(HandleStreamAsync(stream, connection, cancellationToken));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task HandleStreamAsync(IMuxedStream stream, UpgradedConnection connection, CancellationToken cancellationToken)
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
            await handler(new StreamContext(stream, stream, protocol, connection), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Libp2pException or IOException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            stream.Reset();
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
