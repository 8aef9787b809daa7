using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Libp2p.Core.Identity;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// One UDP socket shared by every connection on it, dialed or accepted (libp2p/specs quic/README.md; needed for
/// hole punching). Routes datagrams by destination connection ID, creates server connections for valid Initial
/// packets within per-address and total limits, and answers unknown versions with Version Negotiation.
/// </summary>
internal sealed class QuicEndpoint : IAsyncDisposable
{
    private readonly IDatagramSocket _socket;
    private readonly QuicTransportOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<ulong, QuicConnection> _byCid = new();
    private readonly ConcurrentDictionary<string, QuicConnection> _byOriginalDcid = new();
    private readonly ConcurrentDictionary<IPAddress, int> _pendingPerAddress = new();
    private readonly ConcurrentDictionary<UInt128, QuicConnection> _byResetToken = new();
    private readonly byte[] _resetKey = RandomNumberGenerator.GetBytes(32);
    private long _resetWindowStart;
    private int _resetsInWindow;

    /// <summary>Stateless resets sent per second at most (RFC 9000 §10.3: they must not become an amplifier).</summary>
    private const int MaxResetsPerSecond = 64;

    /// <summary>Smallest stateless reset (RFC 9000 §10.3): 5 unpredictable bytes and the 16-byte token.</summary>
    internal const int MinResetLength = 21;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private Channel<QuicConnection>? _incoming;

    /// <summary>Datagrams handled before connections flush even if more are queued (bounds ACK and delivery delay).</summary>
    private const int MaxBatch = 64;

    /// <summary>Connections that received datagrams since the socket was last drained (receive loop only).</summary>
    private readonly List<QuicConnection> _batch = [];
    private int _pending;

    public QuicEndpoint(IDatagramSocket socket, QuicTransportOptions options, X509Certificate2 certificate)
    {
        _socket = socket;
        _options = options;
        _certificate = certificate;
        _receiveLoop = socket is UdpDatagramSocket udp && udp.AcquireReceiver() ? StartReceiveThread(udp) : ReceiveLoopAsync();
    }

    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    public bool IsListening => _incoming is not null;

    public int ConnectionCount => _byCid.Count;

    public int PendingHandshakes => Volatile.Read(ref _pending);

    /// <summary>Starts accepting connections; returns the queue of handshaken ones.</summary>
    public ChannelReader<QuicConnection> Listen()
    {
        _incoming ??= Channel.CreateUnbounded<QuicConnection>();
        return _incoming.Reader;
    }

    public void StopListening() => _incoming?.Writer.TryComplete();

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote) => _socket.Send(datagram, remote);

    /// <summary>
    /// Size of the datagrams <see cref="SendSegments"/> can batch, 0 when the socket has no segmentation offload
    /// (then connections send datagram by datagram).
    /// </summary>
    public int SegmentSize => (_socket as UdpDatagramSocket)?.SegmentSize ?? 0;

    /// <summary>Sends datagrams of <see cref="SegmentSize"/> bytes (the last may be shorter) in one call.</summary>
    public void SendSegments(ReadOnlySpan<byte> datagrams, IPEndPoint remote) => ((UdpDatagramSocket)_socket).SendSegments(datagrams, remote);

    /// <summary>Starts a client connection to <paramref name="remote"/>.</summary>
    public QuicConnection Connect(IPEndPoint remote, PeerId? expected)
    {
        byte[] dcid = RandomNumberGenerator.GetBytes(16);
        byte[] scid = NewCid();
        var connection = new QuicConnection(this, _options, true, remote, _certificate, dcid, scid, expected);
        _byCid[Key(scid)] = connection;
        connection.Start();
        return connection;
    }

    /// <summary>A new connection ID routed to <paramref name="connection"/> (RFC 9000 §5.1.1).</summary>
    public byte[] IssueCid(QuicConnection connection)
    {
        while (true)
        {
            byte[] cid = RandomNumberGenerator.GetBytes(8);
            if (_byCid.TryAdd(Key(cid), connection))
            {
                return cid;
            }
        }
    }

    /// <summary>Stops routing a retired ID (RFC 9000 §5.1.2).</summary>
    public void RetireCid(ReadOnlySpan<byte> cid, QuicConnection connection) =>
        _byCid.TryRemove(new KeyValuePair<ulong, QuicConnection>(Key(cid), connection));

    /// <summary>
    /// The stateless reset token of one of our IDs: HMAC-SHA256 under a per-endpoint key (RFC 9000 §10.3.2), so
    /// that the endpoint can still compute it after the connection is gone.
    /// </summary>
    public byte[] ResetToken(ReadOnlySpan<byte> cid)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_resetKey, cid, mac);
        return mac[..16].ToArray();
    }

    /// <summary>A peer's reset token: a datagram ending in it closes that connection (RFC 9000 §10.3.1).</summary>
    public void RegisterResetToken(byte[] token, QuicConnection connection) => _byResetToken[TokenKey(token)] = connection;

    public void UnregisterResetToken(byte[] token) => _byResetToken.TryRemove(TokenKey(token), out _);

    private static UInt128 TokenKey(ReadOnlySpan<byte> token) => BinaryPrimitives.ReadUInt128BigEndian(token);

    public void Remove(QuicConnection connection)
    {
        foreach (byte[] cid in connection.IssuedCids)
        {
            RetireCid(cid, connection);
        }
        foreach (KeyValuePair<UInt128, QuicConnection> entry in _byResetToken)
        {
            if (entry.Value == connection)
            {
                _byResetToken.TryRemove(entry);
            }
        }
        if (_byOriginalDcid.TryRemove(Convert.ToHexString(connection.OriginalDcid), out _))
        {
            ReleasePending(connection.Remote.Address);
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopListening();
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static ulong Key(ReadOnlySpan<byte> cid) => cid.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(cid) : 0;

    private byte[] NewCid()
    {
        while (true)
        {
            byte[] cid = RandomNumberGenerator.GetBytes(8);
            if (!_byCid.ContainsKey(Key(cid)))
            {
                return cid;
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var buffer = new byte[65536];
        int batched = 0;
        while (!_stop.IsCancellationRequested)
        {
            int length;
            IPEndPoint from;
            try
            {
                ValueTask<(int Length, IPEndPoint Remote)> receive = _socket.ReceiveAsync(buffer, _stop.Token);
                if (!receive.IsCompleted || batched >= MaxBatch)
                {
                    // The socket is drained (or the batch is long enough): connections now send their ACKs and
                    // wake their readers, once for the whole burst.
                    EndBatch();
                    batched = 0;
                }
                (length, from) = await receive.ConfigureAwait(false);
                batched++;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                EndBatch();
                return;
            }
            DispatchSafely(buffer.AsSpan(0, length), from);
        }
    }

    /// <summary>
    /// The receive loop on its own thread over native receives (Linux): no hop through the socket engine and the
    /// thread pool per datagram, and a GRO buffer carries a whole burst of one sender.
    /// </summary>
    private Task StartReceiveThread(UdpDatagramSocket udp)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveNatively(udp);
            }
            finally
            {
                udp.ReleaseReceiver();
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "QUIC receive " + udp.LocalEndPoint,
        };
        thread.Start();
        return done.Task;
    }

    private void ReceiveNatively(UdpDatagramSocket udp)
    {
        var buffer = new byte[65536];
        int batched = 0;
        while (!_stop.IsCancellationRequested)
        {
            // Drain without blocking; once the socket is empty (or the batch long enough), connections send their
            // ACKs and wake their readers, once for the whole burst, and the thread blocks for the next datagram.
            int length = 0, segmentSize = 0;
            IPEndPoint? from = null;
            LinuxUdp.Outcome outcome = batched >= MaxBatch
                ? LinuxUdp.Outcome.Empty
                : udp.ReceiveCoalesced(buffer, wait: false, out length, out segmentSize, out from);
            if (outcome == LinuxUdp.Outcome.Empty)
            {
                EndBatch();
                batched = 0;
                outcome = udp.ReceiveCoalesced(buffer, wait: true, out length, out segmentSize, out from);
            }
            if (outcome == LinuxUdp.Outcome.Closed)
            {
                break;
            }
            if (outcome != LinuxUdp.Outcome.Received)
            {
                continue;
            }
            int step = segmentSize > 0 ? segmentSize : length;
            for (int offset = 0; offset < length; offset += step)
            {
                DispatchSafely(buffer.AsSpan(offset, Math.Min(step, length - offset)), from!);
                batched++;
            }
        }
        EndBatch();
    }

    private void DispatchSafely(Span<byte> datagram, IPEndPoint from)
    {
        try
        {
            Dispatch(datagram, from);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Connections turn protocol errors into CONNECTION_CLOSE; anything else escaping for one datagram
            // must not stop the socket for every other connection.
            System.Diagnostics.Trace.TraceError($"QUIC endpoint dropped a datagram: {ex}");
        }
    }

    private void EndBatch()
    {
        foreach (QuicConnection connection in _batch)
        {
            connection.InReceiveBatch = false;
            try
            {
                connection.OnReceiveBatchEnd();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                System.Diagnostics.Trace.TraceError($"QUIC endpoint: a connection failed after a datagram burst: {ex}");
            }
        }
        _batch.Clear();
    }

    private void Dispatch(Span<byte> datagram, IPEndPoint from)
    {
        if (datagram.Length < 1 + 8)
        {
            return;
        }
        bool isLong = (datagram[0] & 0x80) != 0;
        ReadOnlySpan<byte> dcid;
        if (isLong)
        {
            if (datagram.Length < 7 || datagram[5] > 20 || 6 + datagram[5] > datagram.Length)
            {
                return;
            }
            dcid = datagram.Slice(6, datagram[5]);
        }
        else
        {
            dcid = datagram.Slice(1, 8);
        }
        if (dcid.Length == 8 && _byCid.TryGetValue(Key(dcid), out QuicConnection? connection))
        {
            connection.OnDatagram(datagram, deferFlush: true);
            if (!connection.InReceiveBatch)
            {
                connection.InReceiveBatch = true;
                _batch.Add(connection);
            }
            return;
        }
        if (!isLong)
        {
            OnUnknownShortHeader(datagram, from);
            return;
        }
        if (_incoming is null)
        {
            return;
        }
        if (_byOriginalDcid.TryGetValue(Convert.ToHexString(dcid), out QuicConnection? pending))
        {
            pending.OnDatagram(datagram);
            return;
        }
        Accept(datagram, from, dcid);
    }

    /// <summary>
    /// A short-header datagram for no connection we know: either a stateless reset for one of ours (its last 16 bytes
    /// are a token the peer gave us), or a packet for state we lost, answered with a stateless reset (RFC 9000 §10.3).
    /// </summary>
    private void OnUnknownShortHeader(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (datagram.Length >= MinResetLength && _byResetToken.TryGetValue(TokenKey(datagram[^16..]), out QuicConnection? reset))
        {
            reset.OnStatelessReset();
            return;
        }
        // Always smaller than the packet that triggered it, so two endpoints cannot reset each other forever, and
        // never below the minimum size: too small a trigger gets no answer (RFC 9000 §10.3.3).
        if (datagram.Length <= MinResetLength || (datagram[0] & 0x40) == 0)
        {
            return;
        }
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (now - _resetWindowStart > System.Diagnostics.Stopwatch.Frequency)
        {
            _resetWindowStart = now;
            _resetsInWindow = 0;
        }
        if (++_resetsInWindow > MaxResetsPerSecond)
        {
            return;
        }
        int length = Math.Min(datagram.Length - 1, MinResetLength + RandomNumberGenerator.GetInt32(22));
        Span<byte> packet = stackalloc byte[length];
        RandomNumberGenerator.Fill(packet[..^16]);
        // Looks like a short-header packet: header form 0, fixed bit 1 (RFC 9000 §10.3 Figure 10).
        packet[0] = (byte)(0x40 | (packet[0] & 0x3f));
        ResetToken(datagram.Slice(1, 8)).CopyTo(packet[^16..]);
        _socket.Send(packet, from);
    }

    private void Accept(Span<byte> datagram, IPEndPoint from, ReadOnlySpan<byte> dcid)
    {
        // Servers ignore Initial datagrams below 1200 bytes (RFC 9000 §14.1).
        if (datagram.Length < 1200)
        {
            return;
        }
        uint version = BinaryPrimitives.ReadUInt32BigEndian(datagram[1..]);
        if (version != PacketParser.Version1)
        {
            if (version != 0)
            {
                SendVersionNegotiation(datagram, from);
            }
            return;
        }
        if (((datagram[0] >> 4) & 0x03) != (int)PacketType.Initial || dcid.Length < 8)
        {
            return;
        }
        // Bounded state per unvalidated address and in total (RFC 9000 §8, §21.1).
        if (Volatile.Read(ref _pending) >= _options.MaxPendingHandshakes
            || _pendingPerAddress.GetValueOrDefault(from.Address) >= _options.MaxPendingHandshakesPerAddress)
        {
            return;
        }
        byte[] odcid = dcid.ToArray();
        var connection = new QuicConnection(this, _options, false, from, _certificate, odcid, NewCid(), null);
        // No state for a datagram that does not even decrypt: only an authenticated Initial creates a connection.
        connection.OnDatagram(datagram);
        if (!connection.HeardFromPeer || connection.Completion.IsCompleted || !_byOriginalDcid.TryAdd(Convert.ToHexString(odcid), connection))
        {
            connection.DiscardUnstarted();
            return;
        }
        Interlocked.Increment(ref _pending);
        _pendingPerAddress.AddOrUpdate(from.Address, 1, (_, n) => n + 1);
        _byCid[Key(connection.LocalCid)] = connection;
        connection.Start();
    }

    /// <summary>A server connection finished its handshake (called under the connection's lock): hand it to the listener.</summary>
    public bool OnServerHandshake(QuicConnection connection)
    {
        if (_byOriginalDcid.TryRemove(Convert.ToHexString(connection.OriginalDcid), out _))
        {
            ReleasePending(connection.Remote.Address);
        }
        return _incoming is not null && _incoming.Writer.TryWrite(connection);
    }

    private void ReleasePending(IPAddress address)
    {
        Interlocked.Decrement(ref _pending);
        _pendingPerAddress.AddOrUpdate(address, 0, (_, n) => Math.Max(0, n - 1));
        if (_pendingPerAddress.TryGetValue(address, out int left) && left == 0)
        {
            _pendingPerAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
        }
    }

    private void SendVersionNegotiation(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        int dcidLength = datagram[5];
        if (6 + dcidLength >= datagram.Length)
        {
            return;
        }
        ReadOnlySpan<byte> dcid = datagram.Slice(6, dcidLength);
        int scidLength = datagram[6 + dcidLength];
        if (scidLength > 20 || 7 + dcidLength + scidLength > datagram.Length)
        {
            return;
        }
        ReadOnlySpan<byte> scid = datagram.Slice(7 + dcidLength, scidLength);
        Span<byte> response = stackalloc byte[7 + dcidLength + scidLength + 4];
        var w = new SpanWriter(response);
        w.WriteByte((byte)(0x80 | RandomNumberGenerator.GetInt32(128)));
        w.WriteUInt32(0);
        // The response swaps the connection IDs (RFC 9000 §17.2.1).
        w.WriteByte((byte)scid.Length);
        w.WriteBytes(scid);
        w.WriteByte((byte)dcid.Length);
        w.WriteBytes(dcid);
        w.WriteUInt32(PacketParser.Version1);
        _socket.Send(response[..w.Position], from);
    }
}
