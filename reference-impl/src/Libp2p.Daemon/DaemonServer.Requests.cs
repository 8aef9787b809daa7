using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Google.Protobuf;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Internal;
using Libp2p.Daemon.Protocol;
using Libp2p.Host;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;

namespace Libp2p.Daemon;

public sealed partial class DaemonServer
{
    // Multiaddr code of /p2p (multiformats/multiaddr protocols.csv).
    private const ulong P2pCode = 421;

    private readonly ConcurrentDictionary<(PeerId Peer, string Tag), long> _tags = new();

    /// <summary>Connection-manager tags set with CONNMANAGER TAG_PEER (kept for the peer's lifetime in this daemon).</summary>
    public long GetTagWeight(PeerId peer, string tag) => _tags.TryGetValue((peer, tag), out long weight) ? weight : 0;

    private async Task DispatchAsync(Request request, PipeReader input, Socket socket, CancellationToken stopping)
    {
        if (request.Type == Request.Types.Type.StreamOpen)
        {
            await StreamOpenAsync(request.StreamOpen, input, socket, stopping).ConfigureAwait(false);
            return;
        }
        Response response;
        try
        {
            response = request.Type switch
            {
                Request.Types.Type.Identify => Identify(),
                Request.Types.Type.Connect => await ConnectAsync(request.Connect, stopping).ConfigureAwait(false),
                Request.Types.Type.Disconnect => await DisconnectAsync(request.Disconnect).ConfigureAwait(false),
                Request.Types.Type.ListPeers => ListPeers(),
                Request.Types.Type.StreamHandler => RegisterStreamHandler(request.StreamHandler),
                Request.Types.Type.Peerstore => Peerstore(request.PeerStore),
                Request.Types.Type.Connmanager => ConnManager(request.ConnManager),
                Request.Types.Type.Dht => Error("DHT not supported yet: this daemon's host has no Kademlia DHT"),
                Request.Types.Type.Pubsub => Error("PUBSUB not supported yet: this daemon's host has no pubsub router"),
                _ => Error($"unknown request type {(int)request.Type}"),
            };
        }
        catch (Exception e) when (IsRequestFailure(e, stopping))
        {
            response = Error(e.Message);
        }
        await SendAsync(socket, response, stopping).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
    }

    private static bool IsRequestFailure(Exception e, CancellationToken stopping) =>
        e is Libp2pException or IOException or SocketException or NotSupportedException or ArgumentException or TimeoutException or InvalidOperationException
        || (e is OperationCanceledException && !stopping.IsCancellationRequested);

    private Response Identify()
    {
        var identify = new IdentifyResponse { Id = ByteString.CopyFrom(_node.PeerId.Bytes) };
        foreach (Multiaddr address in _node.ListenAddresses)
        {
            identify.Addrs.Add(ByteString.CopyFrom(address.DecapsulateCode(P2pCode).Bytes.Span));
        }
        Response response = Ok();
        response.Identify = identify;
        return response;
    }

    private async Task<Response> ConnectAsync(ConnectRequest connect, CancellationToken stopping)
    {
        PeerId peer = ControlRequestDecoder.ReadPeerId(connect.Peer, "connect.peer");
        Multiaddr[] addresses = [.. connect.Addrs.Select(a => ControlRequestDecoder.ReadMultiaddr(a, "connect.addrs"))];
        if (addresses.Length > 0)
        {
            _node.PeerStore.AddAddresses(peer, addresses, AddressTtl.RecentlyConnected);
        }
        TimeSpan timeout = connect.HasTimeout && connect.Timeout > 0 ? TimeSpan.FromSeconds(connect.Timeout) : _options.DialTimeout;
        await GetOrDialAsync(peer, timeout, stopping).ConfigureAwait(false);
        return Ok();
    }

    private async Task<UpgradedConnection> GetOrDialAsync(PeerId peer, TimeSpan timeout, CancellationToken stopping)
    {
        if (peer == _node.PeerId)
        {
            throw new ControlProtocolException("cannot connect to the daemon's own peer ID");
        }
        // Subscribed before looking, so a connection completing in between is not missed.
        using EventSubscription<PeerConnected> connected = _node.Events.Subscribe<PeerConnected>();
        UpgradedConnection? existing = _node.Connections.FirstOrDefault(c => c.RemotePeer == peer);
        if (existing is not null)
        {
            return existing;
        }
        IReadOnlyList<PeerAddress> known = _node.PeerStore.GetAddresses(peer);
        if (known.Count == 0)
        {
            // A peer that just dialed us may consider the connection open (its side of the handshake finished)
            // while ours is still verifying and negotiating; @libp2p/interop opens streams back over such
            // connections one second after CONNECT returned at the other daemon.
            try
            {
                await connected.WaitAsync(e => e.Peer == peer, _options.InboundGrace, stopping).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ControlProtocolException($"peer {peer} is not connected and has no known addresses");
            }
            return _node.Connections.FirstOrDefault(c => c.RemotePeer == peer)
                ?? throw new ControlProtocolException($"peer {peer} connected and went away again");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        var failures = new List<string>();
        foreach (PeerAddress candidate in known)
        {
            Multiaddr target = candidate.Address.TryGetPeerIdMultihash(out _) ? candidate.Address : candidate.Address.Encapsulate("/p2p/" + peer);
            try
            {
                return await _node.DialAsync(target, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRequestFailure(e, stopping))
            {
                failures.Add($"{candidate.Address}: {e.Message}");
                if (deadline.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        throw new ControlProtocolException($"dial {peer} failed: {string.Join("; ", failures)}");
    }

    private async Task<Response> DisconnectAsync(DisconnectRequest disconnect)
    {
        PeerId peer = ControlRequestDecoder.ReadPeerId(disconnect.Peer, "disconnect.peer");
        await _node.DisconnectAsync(peer).ConfigureAwait(false);
        return Ok();
    }

    private Response ListPeers()
    {
        Response response = Ok();
        // A closed connection leaves the node's table a moment after it is disposed; LIST_PEERS right after DISCONNECT
        // must not show it.
        foreach (IGrouping<PeerId, UpgradedConnection> group in _node.Connections.Where(c => !c.IsDisposed).GroupBy(c => c.RemotePeer))
        {
            var info = new PeerInfo { Id = ByteString.CopyFrom(group.Key.Bytes) };
            foreach (Multiaddr address in group.Select(c => c.Raw.RemoteAddress).Distinct())
            {
                info.Addrs.Add(ByteString.CopyFrom(address.Bytes.Span));
            }
            response.Peers.Add(info);
        }
        return response;
    }

    private Response Peerstore(PeerstoreRequest request)
    {
        if (request.Type == PeerstoreRequest.Types.Type.Unspecified)
        {
            throw new ControlProtocolException("PEERSTORE request type UNSPECIFIED");
        }
        if (!request.HasId)
        {
            throw new ControlProtocolException("PEERSTORE request without a peer id");
        }
        PeerId peer = ControlRequestDecoder.ReadPeerId(request.Id, "peerStore.id");
        Response response = Ok();
        response.PeerStore = new PeerstoreResponse();
        if (request.Type == PeerstoreRequest.Types.Type.GetProtocols)
        {
            response.PeerStore.Protos.AddRange(_node.PeerStore.GetProtocols(peer));
            return response;
        }
        var info = new PeerInfo { Id = ByteString.CopyFrom(peer.Bytes) };
        foreach (PeerAddress address in _node.PeerStore.GetAddresses(peer))
        {
            info.Addrs.Add(ByteString.CopyFrom(address.Address.Bytes.Span));
        }
        response.PeerStore.Peer = info;
        return response;
    }

    private Response ConnManager(ConnManagerRequest request)
    {
        if (request.Type == ConnManagerRequest.Types.Type.Trim)
        {
            return Error("CONNMANAGER TRIM not supported yet: this daemon's host has no connection manager limits to trim to");
        }
        if (!request.HasPeer || !request.HasTag)
        {
            throw new ControlProtocolException("CONNMANAGER TAG_PEER and UNTAG_PEER need a peer and a tag");
        }
        PeerId peer = ControlRequestDecoder.ReadPeerId(request.Peer, "connManager.peer");
        if (request.Type == ConnManagerRequest.Types.Type.TagPeer)
        {
            _tags[(peer, request.Tag)] = request.Weight;
        }
        else
        {
            _tags.TryRemove((peer, request.Tag), out _);
        }
        return Ok();
    }

    private async Task StreamOpenAsync(StreamOpenRequest open, PipeReader input, Socket socket, CancellationToken stopping)
    {
        StreamContext stream;
        try
        {
            PeerId peer = ControlRequestDecoder.ReadPeerId(open.Peer, "streamOpen.peer");
            TimeSpan timeout = open.HasTimeout && open.Timeout > 0 ? TimeSpan.FromSeconds(open.Timeout) : _options.DialTimeout;
            UpgradedConnection connection = await GetOrDialAsync(peer, timeout, stopping).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            stream = await _node.NewStreamAsync(connection, [.. open.Proto], deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRequestFailure(e, stopping))
        {
            await SendAsync(socket, Error($"STREAM_OPEN failed: {e.Message}"), stopping).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            return;
        }
        await using (stream.Stream.ConfigureAwait(false))
        {
            Response response = Ok();
            response.StreamInfo = Info(stream);
            try
            {
                await SendAsync(socket, response, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                stream.Stream.Reset();
                throw;
            }
            await StreamBridge.RunAsync(input, socket, stream.Pipe, stream.Stream, stopping).ConfigureAwait(false);
        }
    }

    private static StreamInfo Info(StreamContext stream) => new()
    {
        Peer = ByteString.CopyFrom(stream.Connection.RemotePeer.Bytes),
        Addr = ByteString.CopyFrom(stream.Connection.Raw.RemoteAddress.Bytes.Span),
        Proto = stream.Protocol,
    };

    private Response RegisterStreamHandler(StreamHandlerRequest request)
    {
        Multiaddr address = ControlRequestDecoder.ReadMultiaddr(request.Addr, "streamHandler.addr");
        ControlEndpoint.ToEndPoint(address);
        foreach (string protocol in request.Proto)
        {
            _node.SetStreamHandler(protocol, (context, token) => DialBackAsync(address, context, token));
        }
        return Ok();
    }

    /// <summary>Carries one inbound stream to the client's handler address, <c>StreamInfo</c> first (specs/CONTROL.md, "StreamHandler - Inbound stream").</summary>
    private async Task DialBackAsync(Multiaddr address, StreamContext context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        Socket socket;
        try
        {
            using var dial = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            dial.CancelAfter(_options.HandlerDialTimeout);
            socket = await ControlEndpoint.ConnectAsync(address, dial.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
        {
            // The client's handler is gone: the remote sees a reset rather than a silent stream.
            context.Stream.Reset();
            return;
        }
        using (socket)
        {
            var network = new NetworkStream(socket, ownsSocket: false);
            PipeReader input = PipeReader.Create(network, new StreamPipeReaderOptions(leaveOpen: true));
            try
            {
                await SendFrameAsync(socket, Info(context), linked.Token).ConfigureAwait(false);
                await StreamBridge.RunAsync(input, socket, context.Pipe, context.Stream, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                context.Stream.Reset();
            }
            finally
            {
                await input.CompleteAsync().ConfigureAwait(false);
                await network.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task SendFrameAsync(Socket socket, IMessage message, CancellationToken cancellationToken)
    {
        byte[] bytes = ControlFrame.ToArray(message);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }
}
