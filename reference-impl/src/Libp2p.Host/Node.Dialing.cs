using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Internal;
using Libp2p.Host.PeerStore;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

public sealed partial class Node
{
    /// <summary>
    /// Dials <paramref name="address"/> and always opens a new connection; when it ends in <c>/p2p/&lt;id&gt;</c> the
    /// remote must prove that ID (HOST-DIAL-003). Inbound streams on it are served by <see cref="Router"/>.
    /// Use <see cref="ConnectAsync(Multiaddr, CancellationToken)"/> to reuse an open connection instead.
    /// </summary>
    /// <exception cref="SelfDialException">The address names our own peer ID, or the remote proved to be us.</exception>
    public async Task<UpgradedConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        PeerId? expected = address.TryGetPeerIdMultihash(out ReadOnlyMemory<byte> multihash) ? PeerId.FromBytes(multihash.Span) : null;
        if (expected == PeerId)
        {
            throw new SelfDialException(PeerId);
        }
        Multiaddr transportAddress = expected is null ? address : address.DecapsulateCode(P2pProtocolCode);
        if (!_gater.InterceptAddressDial(expected, transportAddress))
        {
            throw new ConnectionGatedException("address-dial", transportAddress.ToString());
        }
        (UpgradedConnection connection, ConnectionReservation reservation) = await DialConnectionAsync(transportAddress, expected, _options.DialTimeout, cancellationToken).ConfigureAwait(false);
        Track(connection, reservation);
        return connection;
    }

    /// <summary>
    /// Returns an open connection to <paramref name="peer"/>, or dials it over the addresses the peer store knows
    /// (HOST-DIAL-001, -004): ranked (<see cref="Dialing.AddressRanker"/>), staggered happy-eyeballs style, with
    /// concurrent calls for one peer sharing one dial (HOST-DIAL-005), failed addresses backed off, and per-address
    /// and total timeouts from <see cref="NodeOptions.Dialer"/>.
    /// </summary>
    /// <exception cref="SelfDialException">Asked to dial ourselves.</exception>
    /// <exception cref="NoAddressesException">No dialable address is known.</exception>
    /// <exception cref="DialBackoffException">Every known address failed recently.</exception>
    /// <exception cref="DialFailedException">Every address was tried and failed; it lists each error.</exception>
    /// <exception cref="ConnectionGatedException">The gater refused the peer or all of its addresses.</exception>
    public Task<UpgradedConnection> ConnectAsync(PeerId peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer == PeerId)
        {
            return Task.FromException<UpgradedConnection>(new SelfDialException(PeerId));
        }
        if (_byPeer.Find(peer) is { } open)
        {
            return Task.FromResult(open);
        }
        if (!_gater.InterceptPeerDial(peer))
        {
            return Task.FromException<UpgradedConnection>(new ConnectionGatedException("peer-dial", peer.ToString()));
        }
        return _dialer.DialAsync(peer, cancellationToken);
    }

    /// <summary>
    /// Connects to the peer <paramref name="address"/> names (<c>…/p2p/&lt;id&gt;</c>): adds the address to the peer
    /// store and reuses or dials as <see cref="ConnectAsync(PeerId, CancellationToken)"/>. An address without
    /// <c>/p2p</c> is dialed directly.
    /// </summary>
    public Task<UpgradedConnection> ConnectAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.TryGetPeerIdMultihash(out ReadOnlyMemory<byte> multihash))
        {
            return DialAsync(address, cancellationToken);
        }
        PeerId peer = PeerId.FromBytes(multihash.Span);
        if (peer != PeerId)
        {
            PeerStore.AddAddresses(peer, [address.DecapsulateCode(P2pProtocolCode)], AddressTtl.Temporary);
        }
        return ConnectAsync(peer, cancellationToken);
    }

    /// <summary>Closes every connection to <paramref name="peer"/>; returns how many were closed.</summary>
    public async Task<int> DisconnectAsync(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        UpgradedConnection[] connections = _byPeer.Get(peer);
        foreach (UpgradedConnection connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        return connections.Length;
    }

    /// <summary>
    /// Opens a stream on <paramref name="connection"/> for the first of <paramref name="protocols"/> the remote
    /// speaks (HOST-STREAM-001). The stream is charged to the resource manager's peer and protocol scopes until it
    /// is disposed or the connection ends.
    /// </summary>
    /// <exception cref="ResourceLimitExceededException">A scope has no room for another outbound stream.</exception>
    public async ValueTask<StreamContext> NewStreamAsync(UpgradedConnection connection, IReadOnlyList<string> protocols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StreamReservation reservation = Resources.ReserveStream(connection.RemotePeer, inbound: false);
        StreamContext context;
        try
        {
            context = await StreamOpener.OpenAsync(connection, protocols, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
        try
        {
            reservation.SetProtocol(context.Protocol);
        }
        catch (ResourceLimitExceededException)
        {
            reservation.Dispose();
            context.Stream.Reset();
            await context.Stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // Charged to the connection too, so a stream its caller never disposes is released when the connection ends.
        TrackedConnection? tracked = _connections.GetValueOrDefault(connection);
        tracked?.OutboundStreams.TryAdd(reservation, 0);
        var stream = new ReservedStream(context.Stream, reservation, r => tracked?.OutboundStreams.TryRemove(r, out _));
        return new StreamContext(stream, stream, context.Protocol, connection) { Resources = reservation };
    }

    /// <summary>
    /// Opens a stream to <paramref name="peer"/> for the first of <paramref name="protocols"/> it speaks, over an
    /// open connection or a new one (<see cref="ConnectAsync(PeerId, CancellationToken)"/>).
    /// </summary>
    public async ValueTask<StreamContext> NewStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken cancellationToken = default)
    {
        UpgradedConnection connection = await ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
        return await NewStreamAsync(connection, protocols, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a transport connection to <paramref name="transportAddress"/> and upgrades it, charged to the resource
    /// manager and vetted by the gater; the connection is not tracked yet.
    /// </summary>
    internal async Task<(UpgradedConnection Connection, ConnectionReservation Reservation)> DialConnectionAsync(Multiaddr transportAddress, PeerId? expected, TimeSpan transportTimeout, CancellationToken cancellationToken)
    {
        if (MuxedTransportFor(transportAddress, listen: false) is { } muxed)
        {
            // Self-dials and the gater's steps are checked on admission, as for upgraded connections.
            return await DialMuxedAsync(muxed, transportAddress, expected, transportTimeout, cancellationToken).ConfigureAwait(false);
        }
        ITransport transport = _options.Transports.FirstOrDefault(t => t.CanDial(transportAddress))
            ?? throw new NotSupportedException($"no transport can dial {transportAddress}");
        ConnectionReservation reservation = Resources.ReserveConnection(inbound: false);
        try
        {
            IRawConnection raw;
            using (var dial = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token))
            {
                dial.CancelAfter(transportTimeout);
                raw = await transport.DialAsync(transportAddress, dial.Token).ConfigureAwait(false);
            }
            UpgradedConnection connection = await _upgrader.UpgradeAsync(raw, isInitiator: true, expected, secure => OnSecured(secure, raw, reservation, inbound: false), cancellationToken).ConfigureAwait(false);
            if (connection.RemotePeer == PeerId)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new SelfDialException(PeerId);
            }
            if (!_gater.InterceptUpgraded(connection))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw new ConnectionGatedException("upgraded", connection.RemotePeer.ToString());
            }
            return (connection, reservation);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    internal bool CanDial(Multiaddr transportAddress) =>
        _options.Transports.Any(t => t.CanDial(transportAddress)) || MuxedTransportFor(transportAddress, listen: false) is not null;

    internal UpgradedConnection? FindConnection(PeerId peer) => _byPeer.Find(peer);

    internal void TrackDialed(UpgradedConnection connection, ConnectionReservation reservation) => Track(connection, reservation);

    internal void TrackBackground(Task task) => _tasks.Track(task);
}
