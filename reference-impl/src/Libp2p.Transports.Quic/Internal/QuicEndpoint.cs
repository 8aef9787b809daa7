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
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private Channel<QuicConnection>? _incoming;
    private int _pending;

    public QuicEndpoint(IDatagramSocket socket, QuicTransportOptions options, X509Certificate2 certificate)
    {
        _socket = socket;
        _options = options;
        _certificate = certificate;
        _receiveLoop = ReceiveLoopAsync();
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

    public void Remove(QuicConnection connection)
    {
        _byCid.TryRemove(Key(connection.LocalCid), out _);
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
        while (!_stop.IsCancellationRequested)
        {
            int length;
            IPEndPoint from;
            try
            {
                (length, from) = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return;
            }
            try
            {
                Dispatch(buffer.AsSpan(0, length), from);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Connections turn protocol errors into CONNECTION_CLOSE; anything else escaping for one datagram
                // must not stop the socket for every other connection.
                System.Diagnostics.Trace.TraceError($"QUIC endpoint dropped a datagram: {ex}");
            }
        }
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
        if (dcid.Length == 8 && _byCid.TryGetValue(Key(dcid), out QuicConnection? connection) && connection.LocalCid.AsSpan().SequenceEqual(dcid))
        {
            connection.OnDatagram(datagram);
            return;
        }
        if (!isLong || _incoming is null)
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
