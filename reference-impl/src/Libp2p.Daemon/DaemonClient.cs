using System.Net.Sockets;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Internal;
using Libp2p.Daemon.Protocol;

namespace Libp2p.Daemon;

/// <summary>
/// Client of the libp2p daemon control protocol (go-libp2p-daemon specs/CONTROL.md, "Protocol Specification"): drives any
/// daemon (go p2pd, @libp2p/daemon-server, ours) at a tcp or unix control address. Each call opens its own control
/// connection, as the protocol requires. An <c>ERROR</c> response raises <see cref="ControlProtocolException"/>.
/// </summary>
public sealed class DaemonClient
{
    private readonly TimeSpan _timeout;

    /// <summary>Creates a client for the daemon at <paramref name="controlAddress"/>.</summary>
    /// <param name="controlAddress">The daemon's control endpoint (<c>/ip4/…/tcp/N</c> or <c>/unix/&lt;path&gt;</c>).</param>
    /// <param name="requestTimeout">Limit for connecting, sending a request and reading its response (default 30 s).</param>
    public DaemonClient(Multiaddr controlAddress, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(controlAddress);
        ControlEndpoint.ToEndPoint(controlAddress);
        ControlAddress = controlAddress;
        _timeout = requestTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The daemon's control endpoint.</summary>
    public Multiaddr ControlAddress { get; }

    /// <summary>IDENTIFY: the daemon's peer ID and listen addresses.</summary>
    public async Task<DaemonIdentity> IdentifyAsync(CancellationToken cancellationToken = default)
    {
        Response response = await RequestOkAsync(new Request { Type = Request.Types.Type.Identify }, cancellationToken).ConfigureAwait(false);
        IdentifyResponse identify = response.Identify ?? throw new ControlProtocolException("IDENTIFY response without its identify body");
        return new DaemonIdentity(
            ControlRequestDecoder.ReadPeerId(identify.Id, "identify.id"),
            [.. identify.Addrs.Select(a => ControlRequestDecoder.ReadMultiaddr(a, "identify.addrs"))]);
    }

    /// <summary>CONNECT: the daemon connects to <paramref name="peer"/> at <paramref name="addresses"/> (or its known ones).</summary>
    public async Task ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(addresses);
        var connect = new ConnectRequest { Peer = ByteString.CopyFrom(peer.Bytes) };
        connect.Addrs.AddRange(addresses.Select(a => ByteString.CopyFrom(a.Bytes.Span)));
        if (timeout is { } limit)
        {
            connect.Timeout = (long)Math.Ceiling(limit.TotalSeconds);
        }
        await RequestOkAsync(new Request { Type = Request.Types.Type.Connect, Connect = connect }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DISCONNECT: the daemon closes its connections to <paramref name="peer"/>.</summary>
    public async Task DisconnectAsync(PeerId peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var request = new Request { Type = Request.Types.Type.Disconnect, Disconnect = new DisconnectRequest { Peer = ByteString.CopyFrom(peer.Bytes) } };
        await RequestOkAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>LIST_PEERS: the peers the daemon is connected to.</summary>
    public async Task<IReadOnlyList<DaemonPeerInfo>> ListPeersAsync(CancellationToken cancellationToken = default)
    {
        Response response = await RequestOkAsync(new Request { Type = Request.Types.Type.ListPeers }, cancellationToken).ConfigureAwait(false);
        return [.. response.Peers.Select(ToPeerInfo)];
    }

    /// <summary>PEERSTORE GET_PROTOCOLS: the protocols the daemon knows <paramref name="peer"/> speaks.</summary>
    public async Task<IReadOnlyList<string>> GetPeerProtocolsAsync(PeerId peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var request = new Request
        {
            Type = Request.Types.Type.Peerstore,
            PeerStore = new PeerstoreRequest { Type = PeerstoreRequest.Types.Type.GetProtocols, Id = ByteString.CopyFrom(peer.Bytes) },
        };
        Response response = await RequestOkAsync(request, cancellationToken).ConfigureAwait(false);
        return [.. response.PeerStore?.Protos ?? []];
    }

    /// <summary>
    /// STREAM_OPEN: the daemon opens a stream to <paramref name="peer"/> for the first of <paramref name="protocols"/>
    /// it speaks; the returned socket then carries the stream.
    /// </summary>
    public async Task<DaemonStream> OpenStreamAsync(PeerId peer, IReadOnlyList<string> protocols, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(protocols);
        var open = new StreamOpenRequest { Peer = ByteString.CopyFrom(peer.Bytes) };
        open.Proto.AddRange(protocols);
        if (timeout is { } limit)
        {
            open.Timeout = (long)Math.Ceiling(limit.TotalSeconds);
        }
        var request = new Request { Type = Request.Types.Type.StreamOpen, StreamOpen = open };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout + (timeout ?? TimeSpan.Zero));
        Socket socket = await ControlEndpoint.ConnectAsync(ControlAddress, deadline.Token).ConfigureAwait(false);
        try
        {
            await SocketFrames.WriteAsync(socket, request, deadline.Token).ConfigureAwait(false);
            Response response = Response.Parser.ParseFrom(await SocketFrames.ReadAsync(socket, ControlFrame.DefaultMaxLength, deadline.Token).ConfigureAwait(false));
            ThrowIfError(response);
            StreamInfo info = response.StreamInfo ?? throw new ControlProtocolException("STREAM_OPEN response without StreamInfo");
            return new DaemonStream(socket, ControlRequestDecoder.ReadPeerId(info.Peer, "streamInfo.peer"), ControlRequestDecoder.ReadMultiaddr(info.Addr, "streamInfo.addr"), info.Proto);
        }
        catch (InvalidProtocolBufferException e)
        {
            socket.Dispose();
            throw new ControlProtocolException($"malformed STREAM_OPEN response: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// STREAM_HANDLER: listens on a loopback port and asks the daemon to carry every inbound stream for
    /// <paramref name="protocols"/> there; each runs <paramref name="handler"/>. Dispose the registration to stop
    /// listening (the daemon keeps the protocol registered, as go p2pd does, and resets streams it cannot deliver).
    /// </summary>
    public async Task<DaemonStreamHandlerRegistration> RegisterStreamHandlerAsync(IReadOnlyList<string> protocols, DaemonStreamHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(handler);
        DaemonStreamHandlerRegistration registration = DaemonStreamHandlerRegistration.Start(protocols, handler);
        try
        {
            var body = new StreamHandlerRequest { Addr = ByteString.CopyFrom(registration.Address.Bytes.Span) };
            body.Proto.AddRange(protocols);
            await RequestOkAsync(new Request { Type = Request.Types.Type.StreamHandler, StreamHandler = body }, cancellationToken).ConfigureAwait(false);
            return registration;
        }
        catch
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends any request and returns the daemon's response as is (OK or ERROR).</summary>
    public Task<Response> SendAsync(Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendRawAsync(ControlFrame.ToArray(request), closeWrite: false, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> as they are on a new control connection, closes its sending half when
    /// <paramref name="closeWrite"/> (so a truncated frame is known to end there), and reads one length-prefixed
    /// <see cref="Response"/>: how a conformance test sends a malformed request (bad prefix, truncated or
    /// undecodable protobuf) and sees whether it is answered.
    /// </summary>
    /// <exception cref="ControlProtocolException">The daemon closed without a complete response, or sent a malformed one.</exception>
    public async Task<Response> SendRawAsync(ReadOnlyMemory<byte> bytes, bool closeWrite, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using Socket socket = await ControlEndpoint.ConnectAsync(ControlAddress, deadline.Token).ConfigureAwait(false);
        await socket.SendAsync(bytes, SocketFlags.None, deadline.Token).ConfigureAwait(false);
        if (closeWrite)
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        byte[] payload = await SocketFrames.ReadAsync(socket, ControlFrame.DefaultMaxLength, deadline.Token).ConfigureAwait(false);
        try
        {
            return Response.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ControlProtocolException($"malformed response: {e.Message}", e);
        }
    }

    private async Task<Response> RequestOkAsync(Request request, CancellationToken cancellationToken)
    {
        Response response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        ThrowIfError(response);
        return response;
    }

    private static void ThrowIfError(Response response)
    {
        if (!response.HasType)
        {
            throw new ControlProtocolException("response without a type");
        }
        if (response.Type != Response.Types.Type.Ok)
        {
            throw new ControlProtocolException(response.Error?.Msg is { Length: > 0 } message ? message : "the daemon answered ERROR without a message");
        }
    }

    private static DaemonPeerInfo ToPeerInfo(PeerInfo info) => new(
        ControlRequestDecoder.ReadPeerId(info.Id, "peerInfo.id"),
        [.. info.Addrs.Select(a => ControlRequestDecoder.ReadMultiaddr(a, "peerInfo.addrs"))]);
}
