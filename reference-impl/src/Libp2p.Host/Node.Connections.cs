using System.Collections.Concurrent;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Host.Events;
using Libp2p.Host.Internal;
using Libp2p.Host.PeerStore;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

public sealed partial class Node
{
    // Connection bookkeeping is lock-free or locked per peer: the accept path of one connection never waits on
    // another's (session 1's single list under one lock capped new connections per second).
    private readonly ConcurrentDictionary<UpgradedConnection, TrackedConnection> _connections = new();
    private readonly PeerConnections _byPeer = new();
    private readonly Channel<bool> _trimRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Open connections.</summary>
    public IReadOnlyList<UpgradedConnection> Connections => [.. _connections.Keys];

    /// <summary>Number of open connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Open connections to <paramref name="peer"/>.</summary>
    public IReadOnlyList<UpgradedConnection> ConnectionsTo(PeerId peer) => _byPeer.Get(peer);

    /// <summary>Whether at least one connection to <paramref name="peer"/> is open.</summary>
    public bool IsConnected(PeerId peer) => _byPeer.Find(peer) is not null;

    /// <summary>Called once the remote is authenticated, before the muxer: the gater's and the resource manager's say.</summary>
    private void OnSecured(ISecureConnection secure, IRawConnection raw, ConnectionReservation reservation, bool inbound)
    {
        if (secure.RemotePeer == PeerId)
        {
            // A dial that led back to ourselves; both ends of it land here (HOST-DIAL-007).
            throw new SelfDialException(PeerId);
        }
        if (!_gater.InterceptSecured(inbound, secure.RemotePeer, raw.RemoteAddress))
        {
            throw new ConnectionGatedException("secured", secure.RemotePeer.ToString());
        }
        reservation.SetPeer(secure.RemotePeer);
    }

    private void Track(UpgradedConnection connection, ConnectionReservation reservation)
    {
        var tracked = new TrackedConnection(connection, reservation);
        _connections[connection] = tracked;
        _byPeer.Add(connection);
        ConnectionManager.Opened(connection);
        _tasks.Track(ServeConnectionAsync(tracked));
        if (ConnectionManager.IsOverHighWater)
        {
            _trimRequests.Writer.TryWrite(true);
        }
    }

    private async Task ServeConnectionAsync(TrackedConnection tracked)
    {
        UpgradedConnection connection = tracked.Connection;
        PeerId remote = connection.RemotePeer;
        try
        {
            PeerStore.MarkConnected(remote);
            PeerStore.AddPublicKey(remote, connection.Secure.RemotePublicKey);
            if (connection.IsInitiator)
            {
                PeerStore.AddAddresses(remote, [connection.Raw.RemoteAddress], AddressTtl.Connected);
            }
            Events.Publish(new PeerConnected(remote, connection.Raw.RemoteAddress, !connection.IsInitiator));
            Task serving = Router.ServeAsync(connection, _stopping.Token);
            Task identify = _identify?.OnConnectionAsync(connection) ?? Task.CompletedTask;
            await Task.WhenAll(serving, identify).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            ConnectionManager.Closed(connection);
            bool last = _byPeer.Remove(connection);
            tracked.Release();
            // The session ended (remote closed, or a trim or disconnect disposed it): release its transport too.
            await connection.DisposeAsync().ConfigureAwait(false);
            PeerStore.MarkDisconnected(remote);
            if (last)
            {
                Events.Publish(new PeerDisconnected(remote));
            }
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            IRawConnection raw;
            try
            {
                raw = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or Libp2pException or IOException or InvalidOperationException)
            {
                break;
            }
            // Refuse before any handshake work (HOST-CONNMGR-003, HOST-GATE-002).
            ConnectionReservation reservation;
            try
            {
                if (!_gater.InterceptAccept(raw.LocalAddress, raw.RemoteAddress))
                {
                    throw new ConnectionGatedException("accept", raw.RemoteAddress.ToString());
                }
                reservation = Resources.ReserveConnection(inbound: true);
            }
            catch (Exception e) when (e is ConnectionGatedException or ResourceLimitExceededException)
            {
                raw.Abort();
                await raw.DisposeAsync().ConfigureAwait(false);
                RaiseInboundFailure(e);
                continue;
            }
            _tasks.Track(UpgradeInboundAsync(raw, reservation, stopping));
        }
    }

    private async Task UpgradeInboundAsync(IRawConnection raw, ConnectionReservation reservation, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            UpgradedConnection connection = await _upgrader.UpgradeAsync(raw, isInitiator: false, null, secure => OnSecured(secure, raw, reservation, inbound: true), stopping).ConfigureAwait(false);
            if (!_gater.InterceptUpgraded(connection))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new ConnectionGatedException("upgraded", connection.RemotePeer.ToString());
            }
            Track(connection, reservation);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A peer that fails its upgrade only costs its own connection (already aborted by the upgrader).
            reservation.Dispose();
            RaiseInboundFailure(e);
        }
    }

    private async Task RunTrimLoopAsync(CancellationToken stopping)
    {
        try
        {
            while (await _trimRequests.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                _trimRequests.Reader.TryRead(out _);
                await ConnectionManager.TrimAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }
}
