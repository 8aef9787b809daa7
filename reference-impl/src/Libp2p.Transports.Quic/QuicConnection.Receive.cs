using Libp2p.Core.Abstractions;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Datagram and frame processing (RFC 9000 §12, §19).</summary>
public sealed partial class QuicConnection
{
    /// <summary>
    /// Processes one datagram from the endpoint (which owns the buffer until this returns). Datagrams from another
    /// address than the connection's are processed too, but replies keep going to the original address: active
    /// migration is disabled (disable_active_migration).
    /// </summary>
    /// <param name="datagram">The datagram, decrypted in place.</param>
    /// <param name="deferFlush">
    /// True when the endpoint has more datagrams queued and calls <see cref="OnReceiveBatchEnd"/> after the last:
    /// one ACK and one wake-up of each reader per burst instead of per datagram.
    /// </param>
    internal void OnDatagram(Span<byte> datagram, bool deferFlush = false)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            _bytesReceived += datagram.Length;
            try
            {
                int pos = 0;
                while (pos < datagram.Length)
                {
                    Span<byte> rest = datagram[pos..];
                    if (!PacketParser.TryParse(rest, LocalCidLength, out PacketHeader header))
                    {
                        break;
                    }
                    pos += header.PacketLength;
                    ProcessPacket(rest[..header.PacketLength], header);
                    if (_undecryptable.Count > 0)
                    {
                        ProcessBufferedPackets();
                    }
                }
            }
            catch (QuicException ex)
            {
                CloseLocked(ex, application: false);
            }
            if (!deferFlush || _closing || _closed)
            {
                FlushDeliveries();
                Flush();
            }
        }
    }

    /// <summary>The endpoint drained its socket after datagrams for this connection: deliver and send what they caused.</summary>
    internal void OnReceiveBatchEnd()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            FlushDeliveries();
            Flush();
        }
    }

    /// <summary>Set while the endpoint's receive loop holds this connection in its current batch (that loop only).</summary>
    internal bool InReceiveBatch { get; set; }

    private void ProcessPacket(Span<byte> packet, PacketHeader header)
    {
        if (header.Type == PacketType.VersionNegotiation)
        {
            OnVersionNegotiation(packet, header);
            return;
        }
        if (header.Version != PacketParser.Version1)
        {
            return;
        }
        if (header.Type == PacketType.Retry)
        {
            OnRetry(packet, header);
            return;
        }
        if (header.Type == PacketType.ZeroRtt)
        {
            return;
        }
        EncryptionLevel level = header.Type switch
        {
            PacketType.Initial => EncryptionLevel.Initial,
            PacketType.Handshake => EncryptionLevel.Handshake,
            _ => EncryptionLevel.OneRtt,
        };
        PacketSpace space = _spaces[(int)level];
        if (space.Discarded)
        {
            return;
        }
        if (header.IsLong && !packet.Slice(header.DcidOffset, header.DcidLength).SequenceEqual(_localCid)
            && !(!_isClient && level == EncryptionLevel.Initial && packet.Slice(header.DcidOffset, header.DcidLength).SequenceEqual(_originalDcid)))
        {
            return;
        }
        if (space.ReceiveKeys is null)
        {
            TryBufferUndecryptable(packet, level);
            return;
        }
        long pn;
        int payloadOffset, payloadLength;
        if (!PacketParser.TryUnprotect(packet, header, space.ReceiveKeys, space.LargestReceived, out pn, out payloadOffset, out payloadLength))
        {
            if (level != EncryptionLevel.OneRtt || !TryKeyUpdate(packet, header, out pn, out payloadOffset, out payloadLength))
            {
                if (level == EncryptionLevel.OneRtt && IsStatelessReset(packet))
                {
                    CloseLocked(new QuicException(QuicTransportError.NoError, "stateless reset received") { IsRemote = true }, application: false, silent: true);
                }
                return;
            }
        }
        else if (level == EncryptionLevel.OneRtt && PacketParser.KeyPhase(packet[0]) != _keyPhase)
        {
            // Decrypted with current keys but flipped phase bit: a peer cannot do that (RFC 9001 §6.3).
            throw new QuicException(QuicTransportError.KeyUpdateError, "key phase changed without a key update");
        }
        if ((packet[0] & (header.IsLong ? 0x0c : 0x18)) != 0)
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, "reserved header bits are set");
        }
        if (space.Received.Contains(pn))
        {
            return;
        }
        if (!_heardFromPeer && header.IsLong)
        {
            // Both sides adopt the peer's first Source Connection ID as their Destination (RFC 9000 §7.2).
            _remoteCid = packet.Slice(header.ScidOffset, header.ScidLength).ToArray();
        }
        _heardFromPeer = true;
        if (!_isClient && level == EncryptionLevel.Handshake && !_addressValidated)
        {
            // A Handshake packet proves the client saw our Initial: address validated (RFC 9000 §8.1).
            _addressValidated = true;
            DiscardSpace(EncryptionLevel.Initial);
        }
        long now = NowUs();
        _lastActivityUs = now;
        bool ackEliciting = ProcessFrames(packet.Slice(payloadOffset, payloadLength), header.Type, space, packet.Slice(header.DcidOffset, header.DcidLength));
        // A gap below this packet or a late arrival (RFC 9000 §13.2.1): the sender learns about it promptly.
        bool outOfOrder = space.LargestReceived >= 0 && pn != space.LargestReceived + 1;
        space.Received.Add(pn, pn + 1);
        if (pn > space.LargestReceived)
        {
            space.LargestReceived = pn;
            space.LargestReceivedTimeUs = now;
        }
        if (ackEliciting)
        {
            space.UnackedAckEliciting++;
            if (level != EncryptionLevel.OneRtt || space.UnackedAckEliciting >= AckThreshold || outOfOrder)
            {
                // Handshake packets and out-of-order packets are acknowledged at once (RFC 9000 §13.2.1).
                space.AckNeeded = true;
            }
            else if (space.AckDeadlineUs == long.MaxValue)
            {
                space.AckDeadlineUs = now + LocalAckDelayUs();
            }
        }
    }

    private bool TryKeyUpdate(Span<byte> packet, in PacketHeader header, out long pn, out int payloadOffset, out int payloadLength)
    {
        PacketSpace space = _spaces[(int)EncryptionLevel.OneRtt];
        pn = 0;
        payloadOffset = 0;
        payloadLength = 0;
        if (!_handshakeConfirmed && !_isClient && !_tls.IsComplete)
        {
            return false;
        }
        PacketProtection next = space.ReceiveKeys!.NextPhase();
        if (!PacketParser.TryUnprotect(packet, header, next, space.LargestReceived, out pn, out payloadOffset, out payloadLength)
            || PacketParser.KeyPhase(packet[0]) == _keyPhase)
        {
            next.Dispose();
            return false;
        }
        // The peer started a key update (RFC 9001 §6.2): follow with our sending keys.
        space.ReceiveKeys.Dispose();
        space.ReceiveKeys = next;
        PacketProtection nextSend = space.SendKeys!.NextPhase();
        space.SendKeys.Dispose();
        space.SendKeys = nextSend;
        _keyPhase = !_keyPhase;
        return true;
    }

    private bool IsStatelessReset(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 21)
        {
            return false;
        }
        return MatchesPeerResetToken(packet[^16..]);
    }

    private void OnVersionNegotiation(ReadOnlySpan<byte> packet, in PacketHeader header)
    {
        if (!_isClient || _heardFromPeer)
        {
            return;
        }
        ReadOnlySpan<byte> versions = packet.Slice(header.TokenOffset, header.TokenLength);
        for (int i = 0; i + 4 <= versions.Length; i += 4)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(versions[i..]) == PacketParser.Version1)
            {
                // A Version Negotiation packet listing the version we use is forged or stale (RFC 9000 §6.2).
                return;
            }
        }
        CloseLocked(new QuicException(QuicTransportError.ConnectionRefused, "the server does not support QUIC v1") { IsRemote = true }, application: false, silent: true);
    }

    private void OnRetry(ReadOnlySpan<byte> packet, in PacketHeader header)
    {
        // Only one Retry, only before any other packet, only if its integrity tag is valid (RFC 9000 §17.2.5.2).
        if (!_isClient || _heardFromPeer || _retrySourceCid is not null || header.TokenLength == 0
            || !PacketBuilder.RetryIsAuthentic(_originalDcid, packet))
        {
            return;
        }
        _retrySourceCid = packet.Slice(header.ScidOffset, header.ScidLength).ToArray();
        _retryToken = packet.Slice(header.TokenOffset, header.TokenLength).ToArray();
        _remoteCid = _retrySourceCid;
        PacketSpace initial = _spaces[0];
        initial.SendKeys?.Dispose();
        initial.ReceiveKeys?.Dispose();
        (initial.SendKeys, initial.ReceiveKeys) = InitialSecrets.Keys(_remoteCid, isClient: true);
        foreach (SentPacket sent in initial.Sent)
        {
            if (sent.AckEliciting)
            {
                _cc.BytesInFlight -= sent.Size;
            }
            RequeueFrames(initial, sent);
        }
        initial.Sent.Clear();
    }

    private bool ProcessFrames(ReadOnlySpan<byte> payload, PacketType packetType, PacketSpace space, ReadOnlySpan<byte> packetDcid)
    {
        if (payload.IsEmpty)
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, "packet without frames");
        }
        var reader = new FrameReader(payload, packetType);
        bool ackEliciting = false;
        while (reader.TryRead(out Frame frame))
        {
            ackEliciting |= frame.IsAckEliciting;
            switch (frame.Type)
            {
                case FrameType.Ping:
                    break;
                case FrameType.Ack:
                case FrameType.AckEcn:
                    OnAck(space, frame);
                    break;
                case FrameType.Crypto:
                    OnCrypto(space, frame.Offset, frame.Data);
                    break;
                case FrameType.Stream:
                    OnStream(frame.StreamId, frame.Offset, frame.Data, frame.Fin);
                    break;
                case FrameType.ResetStream:
                    OnResetStream(frame.StreamId, frame.Value, frame.Value2);
                    break;
                case FrameType.StopSending:
                    OnStopSending(frame.StreamId, frame.Value);
                    break;
                case FrameType.MaxData:
                    _sendMaxData = Math.Max(_sendMaxData, frame.Value);
                    break;
                case FrameType.MaxStreamData:
                    CheckDirection(frame.StreamId, FrameType.MaxStreamData);
                    if (StreamFor(frame.StreamId) is { } target)
                    {
                        target.SendMax = Math.Max(target.SendMax, frame.Value);
                    }
                    break;
                case FrameType.MaxStreamsBidi:
                    if (frame.Value > _peerMaxBidi)
                    {
                        _peerMaxBidi = frame.Value;
                        ReleaseStreamCredit();
                    }
                    break;
                case FrameType.MaxStreamsUni:
                    if (frame.Value > _peerMaxUni)
                    {
                        _peerMaxUni = frame.Value;
                        ReleaseStreamCredit();
                    }
                    break;
                case FrameType.DataBlocked:
                case FrameType.StreamDataBlocked:
                case FrameType.StreamsBlockedBidi:
                case FrameType.StreamsBlockedUni:
                case FrameType.PathResponse:
                    break;
                case FrameType.NewToken:
                    if (!_isClient)
                    {
                        throw new QuicException(QuicTransportError.ProtocolViolation, "a client sent NEW_TOKEN");
                    }
                    break;
                case FrameType.NewConnectionId:
                    OnNewConnectionId(frame.Value, frame.Value2, frame.Data, frame.Token);
                    break;
                case FrameType.RetireConnectionId:
                    OnRetireConnectionId(frame.Value, packetDcid);
                    break;
                case FrameType.PathChallenge:
                    _pathResponse = frame.Data.ToArray();
                    break;
                case FrameType.ConnectionClose:
                case FrameType.ApplicationClose:
                    var error = new QuicException(frame.Type == FrameType.ConnectionClose ? (QuicTransportError)frame.Value : QuicTransportError.ApplicationError,
                        $"closed by the peer: {System.Text.Encoding.UTF8.GetString(frame.Data)}")
                    {
                        IsRemote = true,
                        ApplicationCode = frame.Type == FrameType.ApplicationClose ? frame.Value : null,
                    };
                    CloseLocked(error, application: false, silent: true);
                    return false;
                case FrameType.HandshakeDone:
                    if (!_isClient)
                    {
                        throw new QuicException(QuicTransportError.ProtocolViolation, "a client sent HANDSHAKE_DONE");
                    }
                    if (!_handshakeConfirmed)
                    {
                        _handshakeConfirmed = true;
                        DiscardSpace(EncryptionLevel.Handshake);
                    }
                    break;
                default:
                    break;
            }
        }
        return ackEliciting;
    }

    private void OnCrypto(PacketSpace space, long offset, ReadOnlySpan<byte> data)
    {
        if (offset + data.Length > space.CryptoReceive.Delivered + TlsHandshake.MaxBufferedPerLevel)
        {
            throw new QuicException(QuicTransportError.CryptoBufferExceeded, "CRYPTO data beyond the buffer limit");
        }
        EncryptionLevel level = space.Level;
        space.CryptoReceive.Add(offset, data, chunk => _tls.OnCryptoData(level, chunk));
        PumpTls();
    }

    /// <summary>Installs keys and handles completion after the TLS state machine advanced.</summary>
    private void PumpTls()
    {
        if (_tls.HandshakeKeys is { } hs && _spaces[1].SendKeys is null && !_spaces[1].Discarded)
        {
            (_spaces[1].SendKeys, _spaces[1].ReceiveKeys) = hs;
        }
        if (_tls.OneRttKeys is { } app && _spaces[2].SendKeys is null)
        {
            (_spaces[2].SendKeys, _spaces[2].ReceiveKeys) = app;
        }
        foreach (EncryptionLevel level in Enum.GetValues<EncryptionLevel>())
        {
            if (_tls.HasOutput(level))
            {
                _spaces[(int)level].CryptoSend.Write(_tls.TakeOutput(level));
            }
        }
        if (_tls.IsComplete && !_handshake.Task.IsCompleted)
        {
            TransportParameters peer = _tls.PeerTransportParameters!;
            if (_isClient)
            {
                ValidateServerConnectionIds(peer);
            }
            else if (peer.InitialSourceConnectionId is null || !peer.InitialSourceConnectionId.AsSpan().SequenceEqual(_remoteCid))
            {
                throw new QuicException(QuicTransportError.TransportParameterError, "initial_source_connection_id does not match the client's SCID");
            }
            _sendMaxData = peer.InitialMaxData;
            _peerMaxBidi = peer.InitialMaxStreamsBidi;
            _peerMaxUni = peer.InitialMaxStreamsUni;
            _maxAckDelayUs = peer.MaxAckDelayMs * 1000;
            if (peer.MaxIdleTimeoutMs > 0)
            {
                _idleTimeoutUs = Math.Min(_idleTimeoutUs, peer.MaxIdleTimeoutMs * 1000);
            }
            RecordInitialPeerCid(peer.StatelessResetToken);
            int datagram = (int)Math.Min(_options.MaxDatagramSize, peer.MaxUdpPayloadSize);
            _maxDatagram = Math.Max(MinInitialDatagram, Math.Min(datagram, _datagram.Length));
            if (!_isClient)
            {
                _handshakeConfirmed = true;
                _handshakeDonePending = true;
                DiscardSpace(EncryptionLevel.Handshake);
            }
            IssueConnectionIds();
            _handshake.TrySetResult();
            ReleaseStreamCredit();
            if (!_isClient && !_endpoint.OnServerHandshake(this))
            {
                throw new QuicException(QuicTransportError.ConnectionRefused, "the listener is closed");
            }
        }
    }

    private int _maxDatagram = MinInitialDatagram;

    private void ValidateServerConnectionIds(TransportParameters peer)
    {
        // RFC 9000 §7.3: the server's CIDs must match what the packets carried.
        if (peer.InitialSourceConnectionId is null || !peer.InitialSourceConnectionId.AsSpan().SequenceEqual(_remoteCid)
            || peer.OriginalDestinationConnectionId is null || !peer.OriginalDestinationConnectionId.AsSpan().SequenceEqual(_originalDcid))
        {
            throw new QuicException(QuicTransportError.TransportParameterError, "connection ID transport parameters do not match the packets");
        }
        bool retried = _retrySourceCid is not null;
        if (retried != (peer.RetrySourceConnectionId is not null)
            || (retried && !peer.RetrySourceConnectionId.AsSpan().SequenceEqual(_retrySourceCid)))
        {
            throw new QuicException(QuicTransportError.TransportParameterError, "retry_source_connection_id does not match the Retry");
        }
    }

    private void ReleaseStreamCredit()
    {
        TaskCompletionSource old = _streamCredit;
        _streamCredit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}
