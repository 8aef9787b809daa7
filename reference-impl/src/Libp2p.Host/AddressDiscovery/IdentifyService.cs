using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Identify;
using IdentifyMessage = Libp2p.Core.Protos.Identify;

namespace Libp2p.Host.AddressDiscovery;

/// <summary>
/// Runs identify for a <see cref="Node"/> (libp2p/specs identify/README.md): serves <c>/ipfs/id/1.0.0</c> and
/// <c>/ipfs/id/push/1.0.0</c>, identifies every new connection in both directions, stores what it learns in the
/// peer store, feeds observed addresses to the <see cref="ObservedAddressManager"/>, and pushes our information to
/// connected peers whenever our protocols or addresses change (IDENTIFY-PROTO-005).
/// </summary>
public sealed class IdentifyService
{
    // Multiaddr code of /p2p (multiformats/multiaddr protocols.csv).
    private const ulong P2pCode = 421;

    private readonly Node _node;
    private readonly IdentifyServiceOptions _options;
    private readonly ConditionalWeakTable<UpgradedConnection, Lazy<Task<IdentifyInfo>>> _results = new();
    private readonly Channel<bool> _pushRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _seqGate = new();
    private ulong _seq;

    internal IdentifyService(Node node, IdentifyServiceOptions options)
    {
        _node = node;
        _options = options;
        node.Router.SetHandler(IdentifyProtocol.Id, ServeIdentifyAsync);
        node.Router.SetHandler(IdentifyProtocol.PushId, ServePushAsync);
    }

    /// <summary>Our agentVersion.</summary>
    public string AgentVersion => _options.AgentVersion;

    /// <summary>
    /// The identify result of <paramref name="connection"/>: runs identify once per connection (or joins the run
    /// started when the connection opened). Fails with <see cref="IdentifyException"/> on a rejected message.
    /// </summary>
    public Task<IdentifyInfo> IdentifyAsync(UpgradedConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The table may run its factory twice under a race; Lazy makes sure only one identify runs.
        return _results.GetValue(connection, c => new Lazy<Task<IdentifyInfo>>(() => RunIdentifyAsync(c))).Value.WaitAsync(cancellationToken);
    }

    /// <summary>Pushes our current information to every connected peer now and waits for the pushes.</summary>
    public async Task PushAsync(CancellationToken cancellationToken = default)
    {
        UpgradedConnection[] connections = [.. _node.Connections];
        await Task.WhenAll(connections.Select(c => PushToAsync(c, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Builds the Identify message we send on <paramref name="connection"/>.</summary>
    public IdentifyMessage BuildLocalMessage(UpgradedConnection? connection)
    {
        Multiaddr[] addresses = _node.ListenAddresses
            .Select(StripPeer)
            .Concat(_node.ObservedAddresses.ConfirmedAddresses)
            .Distinct()
            .ToArray();
        ulong seq;
        lock (_seqGate)
        {
            // Time-based and strictly increasing, as go-libp2p seeds record sequence numbers.
            _seq = Math.Max(_seq + 1, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            seq = _seq;
        }
        return IdentifyProtocol.BuildMessage(_node.IdentityKey, addresses, _node.Router.Protocols.Order(StringComparer.Ordinal), connection?.Raw.RemoteAddress, _options.AgentVersion, seq);
    }

    /// <summary>Asks the push loop to push soon; requests that arrive while one is pending are coalesced.</summary>
    internal void RequestPush() => _pushRequests.Writer.TryWrite(true);

    internal Task OnConnectionAsync(UpgradedConnection connection)
    {
        if (!_options.IdentifyOnConnect)
        {
            return Task.CompletedTask;
        }
        return ObserveAsync(IdentifyAsync(connection));

        static async Task ObserveAsync(Task<IdentifyInfo> identify)
        {
            try
            {
                await identify.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed identify costs only that peer's metadata; the result task keeps the error for callers.
            }
        }
    }

    internal async Task RunPushLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (await _pushRequests.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                _pushRequests.Reader.TryRead(out _);
                await PushAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    private async Task<IdentifyInfo> RunIdentifyAsync(UpgradedConnection connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_node.Stopping);
        timeout.CancelAfter(_options.Timeout);
        StreamContext context = await StreamOpener.OpenAsync(connection, [IdentifyProtocol.Id], timeout.Token).ConfigureAwait(false);
        try
        {
            await context.Pipe.Output.CompleteAsync().ConfigureAwait(false);
            IdentifyMessage message = await IdentifyProtocol.ReadAsync(context.Pipe.Input, timeout.Token).ConfigureAwait(false);
            IdentifyInfo info = IdentifyVerifier.Verify(message, connection.RemotePeer, connection.Secure.RemotePublicKey);
            Store(info, connection, isPush: false);
            return info;
        }
        catch (OperationCanceledException) when (!_node.Stopping.IsCancellationRequested)
        {
            context.Stream.Reset();
            throw new TimeoutException($"identify of {connection.RemotePeer} did not finish within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            context.Stream.Reset();
            throw;
        }
        finally
        {
            await context.Stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeIdentifyAsync(StreamContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        await IdentifyProtocol.WriteAsync(context.Pipe.Output, BuildLocalMessage(context.Connection), timeout.Token).ConfigureAwait(false);
        // Disposing a stream the remote still has open resets it, and js-libp2p then drops our unread response:
        // wait until the requester closed its side after reading.
        await DrainAsync(context.Pipe.Input, timeout.Token).ConfigureAwait(false);
    }

    private static async Task DrainAsync(System.IO.Pipelines.PipeReader input, CancellationToken cancellationToken)
    {
        long received = 0;
        while (true)
        {
            System.IO.Pipelines.ReadResult read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            received += read.Buffer.Length;
            input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                return;
            }
            if (received > IdentifyCodec.DefaultMaxMessageSize)
            {
                throw new IdentifyException(IdentifyError.Oversize, "the requester keeps writing on an identify stream");
            }
        }
    }

    private async Task ServePushAsync(StreamContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        IdentifyMessage message = await IdentifyProtocol.ReadAsync(context.Pipe.Input, timeout.Token).ConfigureAwait(false);
        UpgradedConnection connection = context.Connection;
        // A rejected push throws here and the router resets the stream: the pusher sees the refusal.
        IdentifyInfo info = IdentifyVerifier.Verify(message, connection.RemotePeer, connection.Secure.RemotePublicKey);
        Store(info, connection, isPush: true);
        await context.Pipe.Output.CompleteAsync().ConfigureAwait(false);
    }

    private async Task PushToAsync(UpgradedConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            StreamContext context = await StreamOpener.OpenAsync(connection, [IdentifyProtocol.PushId], timeout.Token).ConfigureAwait(false);
            try
            {
                await IdentifyProtocol.WriteAsync(context.Pipe.Output, BuildLocalMessage(connection), timeout.Token).ConfigureAwait(false);
                // Wait for the remote to close its side, so our message is read before the stream goes away.
                await DrainAsync(context.Pipe.Input, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                await context.Stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is Libp2pException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // A peer that refuses or drops a push only misses the update.
        }
    }

    private void Store(IdentifyInfo info, UpgradedConnection connection, bool isPush)
    {
        MemoryPeerStore store = _node.PeerStore;
        store.AddPublicKey(info.PeerId, info.PublicKey);
        TimeSpan ttl = store.IsConnected(info.PeerId) ? AddressTtl.Connected : AddressTtl.RecentlyConnected;
        if (info.SignedPeerRecordEnvelope is { } envelope)
        {
            store.ConsumePeerRecord(envelope, ttl);
        }
        else if (info.ListenAddresses.Count > 0)
        {
            store.AddAddresses(info.PeerId, info.ListenAddresses, ttl);
        }
        // A push may be partial (IDENTIFY-PROTO-004): an absent field leaves the stored value alone.
        if (!isPush || info.Protocols.Count > 0)
        {
            store.SetProtocols(info.PeerId, info.Protocols);
        }
        if (info.AgentVersion is { } agent)
        {
            store.PutMetadata(info.PeerId, MemoryPeerStore.AgentVersionKey, agent);
        }
        if (info.ProtocolVersion is { } version)
        {
            store.PutMetadata(info.PeerId, MemoryPeerStore.ProtocolVersionKey, version);
        }
        if (info.ObservedAddress is { } observed && _node.ObservedAddresses.Record(connection.Raw.LocalAddress, connection.Raw.RemoteAddress, StripPeer(observed)) is { } confirmed)
        {
            _node.Events.Publish(new ExternalAddressConfirmed(confirmed, _node.ObservedAddresses.ObserverCount(confirmed)));
            _node.Events.Publish(new LocalAddressesChanged(BuildAdvertised()));
            RequestPush();
        }
        _node.Events.Publish(new IdentifyCompleted(info.PeerId, info.Protocols, info.AgentVersion, info.SignedPeerRecordVerified, isPush));
    }

    private static Multiaddr StripPeer(Multiaddr address) => address.Components.Any(c => c.Code == P2pCode) ? address.DecapsulateCode(P2pCode) : address;

    private Multiaddr[] BuildAdvertised() =>
        [.. _node.ListenAddresses.Select(StripPeer).Concat(_node.ObservedAddresses.ConfirmedAddresses).Distinct()];
}
