using System.Collections.Concurrent;
using Libp2p.Host.Resources;

namespace Libp2p.Host.Internal;

/// <summary>A node's bookkeeping for one open connection: its resource reservation and the outbound streams it charged.</summary>
internal sealed class TrackedConnection(UpgradedConnection connection, ConnectionReservation reservation)
{
    public UpgradedConnection Connection => connection;

    public ConnectionReservation Reservation => reservation;

    /// <summary>Outbound streams still charged to this connection; released when the connection ends.</summary>
    public ConcurrentDictionary<StreamReservation, byte> OutboundStreams { get; } = new();

    public void Release()
    {
        foreach (StreamReservation stream in OutboundStreams.Keys)
        {
            stream.Dispose();
        }
        OutboundStreams.Clear();
        reservation.Dispose();
    }
}
