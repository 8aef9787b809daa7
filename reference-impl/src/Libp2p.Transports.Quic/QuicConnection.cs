using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Quic.Internal;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Transports.Quic;

/// <summary>
/// A QUIC v1 connection (RFC 9000) secured by TLS 1.3 with libp2p certificates (RFC 9001, libp2p/specs
/// quic/README.md), and the libp2p muxed connection over its bidirectional streams. All protocol state is guarded
/// by one lock; datagrams arrive from the endpoint's receive loop, timers run in one task per connection, and
/// packets are sent synchronously by whichever of them changed the state.
/// </summary>
public sealed partial class QuicConnection : IMuxedConnection
{
    private const int MinInitialDatagram = 1200;
    private const int LocalCidLength = 8;

    private readonly object _lock = new();
    private readonly QuicEndpoint _endpoint;
    private readonly QuicTransportOptions _options;
    private readonly bool _isClient;
    private readonly IPEndPoint _remote;
    private readonly byte[] _localCid;
    private byte[] _remoteCid;
    private byte[] _originalDcid;
    private byte[] _retryToken = [];
    private byte[]? _retrySourceCid;
    private bool _heardFromPeer;
    private readonly TlsHandshake _tls;
    private readonly PacketSpace[] _spaces = [new(EncryptionLevel.Initial), new(EncryptionLevel.Handshake), new(EncryptionLevel.OneRtt)];
    private readonly CongestionController _cc;
    private readonly Dictionary<long, QuicStream> _streams = [];
    private readonly Channel<QuicStream> _accept = Channel.CreateUnbounded<QuicStream>();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposing;
    private readonly byte[] _datagram = new byte[1500];
    private TaskCompletionSource _streamCredit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _ackProgress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _timers = Task.CompletedTask;

    private long _timerDeadlineUs;
    private long _nextLocalBidi;
    private long _peerMaxBidi;
    private long _remoteBidiSeen;
    private long _remoteBidiClosed;
    private long _advertisedMaxBidi;
    private bool _maxStreamsPending;
    private long _sendMaxData;
    private long _dataSent;
    private long _receiveMaxData;
    private long _receiveWindow;
    private long _dataReceived;
    private long _dataConsumed;
    private long _lastMaxDataUs;
    private bool _maxDataPending;
    private bool _handshakeDonePending;
    private bool _handshakeConfirmed;
    private bool _addressValidated;
    private long _bytesReceived;
    private long _bytesSent;
    private int _ptoCount;
    private long _idleTimeoutUs;
    private long _lastActivityUs;
    private long _maxAckDelayUs = 25_000;
    private bool _keyPhase;
    private byte[]? _pathResponse;
    private int _streamCursor;
    private QuicException? _closeError;
    private bool _closing;
    private bool _closed;

    internal QuicConnection(QuicEndpoint endpoint, QuicTransportOptions options, bool isClient, IPEndPoint remote,
        X509Certificate2 certificate, byte[] originalDcid, byte[] localCid, PeerId? expectedRemote)
    {
        _endpoint = endpoint;
        _options = options;
        _isClient = isClient;
        _remote = remote;
        _localCid = localCid;
        _originalDcid = originalDcid;
        _remoteCid = isClient ? originalDcid : [];
        _cc = new CongestionController(MinInitialDatagram);
        _receiveWindow = options.ConnectionReceiveWindow;
        _receiveMaxData = _receiveWindow;
        _advertisedMaxBidi = options.MaxIncomingStreams;
        _advertisedMaxUni = options.MaxIncomingUnidirectionalStreams;
        _idleTimeoutUs = (long)options.IdleTimeout.TotalMicroseconds;
        _addressValidated = isClient;
        IsInitiator = isClient;
        (PacketProtection send, PacketProtection receive) = InitialSecrets.Keys(originalDcid, isClient);
        _spaces[0].SendKeys = send;
        _spaces[0].ReceiveKeys = receive;
        var parameters = new TransportParameters
        {
            MaxIdleTimeoutMs = (long)options.IdleTimeout.TotalMilliseconds,
            MaxUdpPayloadSize = options.MaxDatagramSize,
            InitialMaxData = options.ConnectionReceiveWindow,
            InitialMaxStreamDataBidiLocal = options.StreamReceiveWindow,
            InitialMaxStreamDataBidiRemote = options.StreamReceiveWindow,
            InitialMaxStreamsBidi = options.MaxIncomingStreams,
            InitialMaxStreamsUni = options.MaxIncomingUnidirectionalStreams,
            InitialMaxStreamDataUni = options.StreamReceiveWindow,
            InitialSourceConnectionId = localCid,
            DisableActiveMigration = true,
            ActiveConnectionIdLimit = PeerCidLimit,
        };
        if (!isClient)
        {
            parameters.OriginalDestinationConnectionId = originalDcid;
            // Derived like every later ID's token, so the endpoint can reset for this ID after losing the state.
            parameters.StatelessResetToken = endpoint.ResetToken(localCid);
        }
        _tls = new TlsHandshake(isClient, certificate, parameters.Encode(), expectedRemote);
        _lastActivityUs = NowUs();
        LocalAddress = QuicAddress.Format(endpoint.LocalEndPoint);
        RemoteAddress = QuicAddress.Format(remote);
    }

    /// <summary>Whether we dialed this connection.</summary>
    public bool IsInitiator { get; }

    /// <summary>Our address, <c>/ip4|ip6/.../udp/PORT/quic-v1</c>.</summary>
    public Multiaddr LocalAddress { get; }

    /// <summary>The remote address, <c>/ip4|ip6/.../udp/PORT/quic-v1</c>.</summary>
    public Multiaddr RemoteAddress { get; }

    /// <summary>The remote host key proven by its libp2p certificate (after the handshake).</summary>
    public PublicKey? RemoteKey => _tls.RemoteKey;

    /// <summary>The authenticated remote peer (after the handshake).</summary>
    public PeerId RemotePeer => PeerId.FromPublicKey(_tls.RemoteKey ?? throw new InvalidOperationException("handshake not complete"));

    /// <summary>Completes when the handshake has finished (faults with the handshake's error).</summary>
    public Task HandshakeCompleted => _handshake.Task;

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    /// <summary>The error that closed the connection, if any.</summary>
    public QuicException? CloseError { get { lock (_lock) { return _closeError; } } }

    internal byte[] LocalCid => _localCid;

    internal bool HeardFromPeer { get { lock (_lock) { return _heardFromPeer; } } }

    /// <summary>Test hook: pretend the peer granted more credit than it did, to provoke FLOW_CONTROL_ERROR.</summary>
    internal void OverrideSendCredit(long connection, long stream)
    {
        lock (_lock)
        {
            _sendMaxData = connection;
            foreach (QuicStream s in _streams.Values)
            {
                s.SendMax = stream;
            }
        }
    }

    /// <summary>Drops a server connection whose first datagram did not authenticate (never started, nothing sent).</summary>
    internal void DiscardUnstarted()
    {
        lock (_lock)
        {
            _closed = true;
        }
        _tls.Dispose();
        foreach (PacketSpace space in _spaces)
        {
            space.Discard();
        }
        _shutdown.Dispose();
    }

    /// <summary>Packets sent, declared lost, and PTO expiries (diagnostics, RFC 9002 terms).</summary>
    internal (long Sent, long Lost, long Ptos) PacketCounters { get { lock (_lock) { return (_packetsSent, _packetsLost, _ptos); } } }

    internal string DebugState
    {
        get
        {
            lock (_lock)
            {
                return $"cwnd={_cc.Window} inflight={_cc.BytesInFlight} srtt={_cc.SmoothedRttUs}us minrtt={_cc.MinRttUs}us sent={_packetsSent} acked={_packetsAcked} ssthresh={_cc.SlowStartThreshold} rec={_cc.RecoveryStartUs} lost={_packetsLost} pto={_ptos} " +
                    $"sendMax={_sendMaxData} dataSent={_dataSent} recvMax={_receiveMaxData} recv={_dataReceived} dgram={_maxDatagram}";
            }
        }
    }

    private long _packetsSent;
    private long _packetsLost;
    private long _packetsAcked;
    private long _ptos;

    internal byte[] OriginalDcid => _originalDcid;

    internal IPEndPoint Remote => _remote;

    /// <summary>Smoothed RTT (RFC 9002 §5.3).</summary>
    public TimeSpan SmoothedRtt { get { lock (_lock) { return TimeSpan.FromMicroseconds(_cc.SmoothedRttUs); } } }

    // Stopwatch ticks are nanoseconds on Linux: multiplying first would overflow after hours of uptime.
    private static readonly long TicksPerMicrosecond = Math.Max(1, Stopwatch.Frequency / 1_000_000);

    internal static long NowUs() => Stopwatch.GetTimestamp() / TicksPerMicrosecond;

    internal void Start()
    {
        lock (_lock)
        {
            if (_isClient)
            {
                _tls.Start();
                PumpTls();
                Flush();
            }
        }
        _timers = TimerLoopAsync();
    }

    /// <inheritdoc />
    public async ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        await _handshake.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                ThrowIfClosed();
                if (_nextLocalBidi < _peerMaxBidi)
                {
                    long id = (_nextLocalBidi++ << 2) | (_isClient ? 0L : 1L);
                    TransportParameters peer = _tls.PeerTransportParameters!;
                    var stream = new QuicStream(this, id, true, peer.InitialMaxStreamDataBidiRemote, _options.StreamReceiveWindow, _options.StreamSendBuffer);
                    _streams[id] = stream;
                    stream.Start();
                    return stream;
                }
                wait = _streamCredit.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accept.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new MuxerClosedException("QUIC connection closed", ex.InnerException ?? CloseError);
        }
    }

    /// <summary>
    /// Closes gracefully: waits (bounded by <paramref name="cancellationToken"/> and the idle timeout) until every
    /// stream's sent data is acknowledged, then sends CONNECTION_CLOSE with NO_ERROR (RFC 9000 §10.2).
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (!timeout.IsCancellationRequested)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed || _closing || AllSendsAcked())
                {
                    break;
                }
                wait = _ackProgress.Task;
            }
            try
            {
                await wait.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (_lock)
        {
            CloseLocked(new QuicException(QuicTransportError.NoError, "closed by the application"), application: true);
        }
    }

    /// <inheritdoc />
    /// <remarks>Idempotent: a second or concurrent call waits for the first (its CancellationTokenSource is gone after it).</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }
        try
        {
            await DisposeOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    private async Task DisposeOnceAsync()
    {
        await CloseAsync(CancellationToken.None).ConfigureAwait(false);
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _timers.ConfigureAwait(false);
        QuicStream[] streams;
        lock (_lock)
        {
            streams = [.. _streams.Values];
        }
        foreach (QuicStream stream in streams)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        _tls.Dispose();
        foreach (PacketSpace space in _spaces)
        {
            space.Discard();
        }
        _shutdown.Dispose();
    }

    /// <summary>Aborts with a transport error (tests and the endpoint use this for hostile input).</summary>
    internal void Abort(QuicException error)
    {
        lock (_lock)
        {
            CloseLocked(error, application: false);
        }
    }

    private bool AllSendsAcked()
    {
        foreach (QuicStream s in _streams.Values)
        {
            if (!s.ResetSent && (!s.Send.AllAcked || s.Send.HasUnsent || s.Send.HasLost))
            {
                return false;
            }
        }
        return true;
    }

    private void ThrowIfClosed()
    {
        if (_closed || _closing)
        {
            throw new MuxerClosedException("QUIC connection closed", _closeError);
        }
    }

    private async Task TimerLoopAsync()
    {
        CancellationToken token = _shutdown.Token;
        int immediate = 0;
        while (!token.IsCancellationRequested)
        {
            long delayUs;
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }
                long now = NowUs();
                OnTimers(now);
                Flush();
                long nowUs = NowUs();
                delayUs = Math.Min(NextDeadlineUs() - nowUs, 1_000_000);
                // Timers tick in whole milliseconds: a shorter wait would return at once and spin on the lock.
                delayUs = delayUs <= 0 ? 0 : (delayUs + 999) / 1000 * 1000;
                _timerDeadlineUs = nowUs + delayUs;
            }
            try
            {
                if (delayUs == 0 && ++immediate <= 4)
                {
                    // Work remains right now (a flush stopped at its datagram budget): let others run, then go on.
                    // A deadline that stays in the past (nothing could be sent after all) falls back to a tick.
                    await Task.Yield();
                    continue;
                }
                immediate = 0;
                delayUs = Math.Max(delayUs, 1000);
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(delayUs / 1000), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }
}
