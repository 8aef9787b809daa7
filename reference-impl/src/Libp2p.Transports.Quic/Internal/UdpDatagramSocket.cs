using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// A bound UDP socket with large buffers (a congestion window of datagrams can arrive in one burst). Sends and
/// receives go through <see cref="SocketAddress"/> overloads with cached addresses, so a datagram costs one system
/// call and no allocation.
/// </summary>
internal sealed class UdpDatagramSocket : IDatagramSocket
{
    private readonly Socket _socket;
    private readonly IPEndPoint _any;
    private readonly SocketAddress _receiveAddress;
    private readonly Lock _sendLock = new();
    private IPEndPoint? _lastSendRemote;
    private SocketAddress? _lastSendAddress;
    private SocketAddress? _lastReceiveAddress;
    private IPEndPoint? _lastReceiveEndPoint;
    private byte[]? _lastRawSender;
    private IPEndPoint? _lastRawSenderEndPoint;
    private nint _receiverFd;
    private bool _disposed;
    private int _disposeCalls;

    // Linux UDP generic segmentation offload (udp(7), since 4.18): one send carries up to 64 equal-size datagrams.
    private const int SolUdp = 17;
    private const int UdpSegment = 103;

    /// <summary>Most datagrams one segmented send may carry (the kernel's UDP_MAX_SEGMENTS).</summary>
    public const int MaxSegments = 64;

    /// <param name="bind">Local address.</param>
    /// <param name="segmentSize">
    /// The datagram size to enable segmentation offload for (0: never). It must be at least the largest datagram
    /// ever sent on this socket, since a single larger send would be split.
    /// </param>
    public UdpDatagramSocket(IPEndPoint bind, int segmentSize = 0)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = 4 << 20;
            _socket.SendBufferSize = 4 << 20;
        }
        catch (SocketException)
        {
            // Best effort: the kernel may cap buffer sizes.
        }
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _any = new IPEndPoint(bind.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _receiveAddress = _any.Serialize();
        if (segmentSize > 0 && OperatingSystem.IsLinux())
        {
            try
            {
                _socket.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(segmentSize));
                SegmentSize = segmentSize;
            }
            catch (SocketException)
            {
                // Older kernel or another stack: one datagram per send.
            }
        }
    }

    /// <summary>Datagram size of segmented sends, or 0 when the socket sends one datagram per call.</summary>
    public int SegmentSize { get; private set; }

    /// <summary>
    /// Sends consecutive datagrams of <see cref="SegmentSize"/> bytes each (the last may be shorter) in one system
    /// call; the kernel splits them. Falls back to one call per datagram if the kernel refuses.
    /// </summary>
    public void SendSegments(ReadOnlySpan<byte> datagrams, IPEndPoint remote)
    {
        int size = SegmentSize;
        if (size > 0 && datagrams.Length > size)
        {
            try
            {
                _socket.SendTo(datagrams, SocketFlags.None, AddressOf(remote));
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is not (SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable))
            {
                // EIO and friends: the route cannot segment (no checksum offload). Stop trying; send one by one.
                SegmentSize = 0;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
        if (size == 0)
        {
            size = datagrams.Length;
        }
        for (int i = 0; i < datagrams.Length; i += size)
        {
            Send(datagrams.Slice(i, Math.Min(size, datagrams.Length - i)), remote);
        }
    }

    private SocketAddress AddressOf(IPEndPoint remote)
    {
        lock (_sendLock)
        {
            // Connections keep one IPEndPoint for their peer: serialise it once, not per datagram.
            if (!ReferenceEquals(remote, _lastSendRemote))
            {
                _lastSendAddress = remote.Serialize();
                _lastSendRemote = remote;
            }
            return _lastSendAddress!;
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, AddressOf(remote));
        }
        catch (SocketException)
        {
            // A datagram the kernel refuses is a lost packet; loss recovery handles it.
        }
        catch (ObjectDisposedException)
        {
            // Closing endpoint.
        }
    }

    public async ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                int length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _receiveAddress, cancellationToken).ConfigureAwait(false);
                return (length, RemoteOf(_receiveAddress));
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.ConnectionRefused)
            {
                // ICMP errors from earlier sends and oversized datagrams: not fatal for a datagram socket.
            }
        }
    }

    /// <summary>The sender as an IPEndPoint, reused while datagrams keep coming from the same address (one receive loop calls this).</summary>
    private IPEndPoint RemoteOf(SocketAddress received)
    {
        if (_lastReceiveEndPoint is not null && received.Equals(_lastReceiveAddress))
        {
            return _lastReceiveEndPoint;
        }
        var copy = new SocketAddress(received.Family, received.Size);
        received.Buffer[..received.Size].CopyTo(copy.Buffer);
        _lastReceiveAddress = copy;
        _lastReceiveEndPoint = (IPEndPoint)_any.Create(copy);
        return _lastReceiveEndPoint;
    }

    /// <summary>
    /// Switches this socket to coalesced receives through <see cref="ReceiveCoalesced"/> (Linux): enables UDP GRO and
    /// keeps the descriptor open for the calling receive thread until <see cref="ReleaseReceiver"/>. Returns false
    /// where the native calls do not exist; then <see cref="ReceiveAsync"/> is the way to receive.
    /// </summary>
    public bool AcquireReceiver()
    {
        if (!LinuxUdp.IsAvailable || _socket.Blocking is false)
        {
            return false;
        }
        bool added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        try
        {
            _socket.SetRawSocketOption(LinuxUdp.SolUdp, LinuxUdp.UdpGro, BitConverter.GetBytes(1));
        }
        catch (SocketException)
        {
            // A kernel without GRO (before 5.0): one datagram per receive, still without thread hops.
        }
        _receiverFd = _socket.SafeHandle.DangerousGetHandle();
        return true;
    }

    /// <summary>Lets the descriptor close (the receive thread is done with it).</summary>
    public void ReleaseReceiver() => _socket.SafeHandle.DangerousRelease();

    /// <summary>
    /// One receive on the thread that called <see cref="AcquireReceiver"/>: a datagram, or with GRO several of the
    /// same sender cut at <paramref name="segmentSize"/> bytes (0: one datagram). Blocks when
    /// <paramref name="wait"/>, until a datagram arrives or <see cref="Dispose"/> wakes it.
    /// </summary>
    public LinuxUdp.Outcome ReceiveCoalesced(Span<byte> buffer, bool wait, out int length, out int segmentSize, out IPEndPoint? remote)
    {
        remote = null;
        if (Volatile.Read(ref _disposed))
        {
            length = segmentSize = 0;
            return LinuxUdp.Outcome.Closed;
        }
        Span<byte> address = stackalloc byte[LinuxUdp.AddressCapacity];
        LinuxUdp.Outcome outcome = LinuxUdp.Receive(_receiverFd, buffer, address, wait ? 0 : LinuxUdp.MsgDontWait, out length, out int addressLength, out segmentSize);
        if (outcome == LinuxUdp.Outcome.Received)
        {
            remote = RemoteOf(address[..addressLength]);
            if (remote is null)
            {
                return LinuxUdp.Outcome.Transient;
            }
        }
        else if (outcome == LinuxUdp.Outcome.Closed || Volatile.Read(ref _disposed))
        {
            return LinuxUdp.Outcome.Closed;
        }
        return outcome;
    }

    /// <summary>The sender of a raw sockaddr (Linux layout), reused while datagrams keep coming from the same one.</summary>
    private IPEndPoint? RemoteOf(ReadOnlySpan<byte> sockaddr)
    {
        if (_lastRawSender is not null && sockaddr.SequenceEqual(_lastRawSender))
        {
            return _lastRawSenderEndPoint;
        }
        if (sockaddr.Length < 2)
        {
            return null;
        }
        ushort family = BitConverter.ToUInt16(sockaddr);
        IPEndPoint? endPoint = null;
        if (family == 2 && sockaddr.Length >= 8)
        {
            endPoint = new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
        }
        else if (family == 10 && sockaddr.Length >= 28)
        {
            long scope = BitConverter.ToUInt32(sockaddr[24..]);
            endPoint = new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16), scope), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
        }
        if (endPoint is not null)
        {
            _lastRawSender = sockaddr.ToArray();
            _lastRawSenderEndPoint = endPoint;
        }
        return endPoint;
    }

    public void Dispose()
    {
        // Once only: a second shutdown could hit a descriptor number the kernel has since given to another socket.
        if (Interlocked.Exchange(ref _disposeCalls, 1) != 0)
        {
            return;
        }
        Volatile.Write(ref _disposed, true);
        if (_receiverFd != 0)
        {
            // A receive thread blocked in recvmsg returns at once; the descriptor closes when it lets go.
            LinuxUdp.WakeReceivers(_receiverFd);
        }
        _socket.Dispose();
    }
}
