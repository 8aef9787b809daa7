using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Internal;
using Libp2p.Host.Resources;
using Libp2p.Host.Transports;

namespace Libp2p.Host;

// Connections from transports that authenticate and multiplex by themselves (QUIC): no upgrade, but the same
// gater steps, resource reservations and tracking as upgraded connections.
public sealed partial class Node
{
    private readonly List<IMuxedTransportListener> _muxedListeners = [];

    private IMuxedTransport? MuxedTransportFor(Multiaddr address, bool listen) =>
        _options.MuxedTransports.FirstOrDefault(t => listen ? t.CanListen(address) : t.CanDial(address));

    private async Task<Multiaddr> ListenMuxedAsync(IMuxedTransport transport, Multiaddr address, CancellationToken cancellationToken)
    {
        IMuxedTransportListener listener = await transport.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _muxedListeners.Add(listener);
        }
        _tasks.Track(MuxedAcceptLoopAsync(listener, _stopping.Token));
        return listener.LocalAddress;
    }

    private async Task<(UpgradedConnection Connection, ConnectionReservation Reservation)> DialMuxedAsync(
        IMuxedTransport transport, Multiaddr address, PeerId? expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ConnectionReservation reservation = Resources.ReserveConnection(inbound: false);
        try
        {
            MuxedTransportConnection dialed;
            using (var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token))
            {
                dial.CancelAfter(timeout);
                dialed = await transport.DialAsync(address, expected, dial.Token).ConfigureAwait(false);
            }
            UpgradedConnection connection = await AdmitMuxedAsync(dialed, reservation, inbound: false).ConfigureAwait(false);
            return (connection, reservation);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>The gater's "secured" and "upgraded" steps for a connection that arrived both at once.</summary>
    private async Task<UpgradedConnection> AdmitMuxedAsync(MuxedTransportConnection accepted, ConnectionReservation reservation, bool inbound)
    {
        var layers = new PremuxedLayers(accepted, PeerId);
        var connection = new UpgradedConnection(layers, layers, accepted.SecurityProtocol, accepted.MuxerProtocol, accepted.Muxer, isInitiator: !inbound);
        try
        {
            OnSecured(layers, layers, reservation, inbound);
            if (!_gater.InterceptUpgraded(connection))
            {
                throw new ConnectionGatedException("upgraded", connection.RemotePeer.ToString());
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task MuxedAcceptLoopAsync(IMuxedTransportListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            MuxedTransportConnection accepted;
            try
            {
                accepted = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or Libp2pException or IOException or InvalidOperationException)
            {
                break;
            }
            _tasks.Track(AdmitInboundMuxedAsync(accepted));
        }
    }

    private async Task AdmitInboundMuxedAsync(MuxedTransportConnection accepted)
    {
        await Task.Yield();
        ConnectionReservation? reservation = null;
        try
        {
            if (!_gater.InterceptAccept(accepted.LocalAddress, accepted.RemoteAddress))
            {
                throw new ConnectionGatedException("accept", accepted.RemoteAddress.ToString());
            }
            reservation = Resources.ReserveConnection(inbound: true);
            UpgradedConnection connection = await AdmitMuxedAsync(accepted, reservation, inbound: true).ConfigureAwait(false);
            Track(connection, reservation);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reservation?.Dispose();
            // Closing the session is idempotent; AdmitMuxedAsync may already have done it.
            await accepted.Muxer.DisposeAsync().ConfigureAwait(false);
            RaiseInboundFailure(e);
        }
    }

    private async Task DisposeMuxedTransportsAsync()
    {
        IMuxedTransportListener[] listeners;
        lock (_gate)
        {
            listeners = [.. _muxedListeners];
            _muxedListeners.Clear();
        }
        foreach (IMuxedTransportListener listener in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        foreach (IMuxedTransport transport in _options.MuxedTransports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
