using System.Security.Cryptography;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>
/// Connection IDs (RFC 9000 §5.1): the IDs we issue with NEW_CONNECTION_ID and their stateless reset tokens, the
/// peer's retirements, and the peer's IDs we may use, including retire_prior_to (§5.1.2, §19.15, §19.16).
/// </summary>
public sealed partial class QuicConnection
{
    /// <summary>Our active_connection_id_limit: peer IDs we keep at once.</summary>
    private const int PeerCidLimit = 4;

    /// <summary>IDs we keep issued at once, whatever larger limit the peer allows.</summary>
    private const int IssuedCidTarget = 4;

    private readonly List<(long Sequence, byte[] Cid)> _issuedCids = [];
    private readonly List<long> _newCidPending = [];
    private readonly List<(long Sequence, byte[] Cid, byte[]? Token)> _peerCids = [];
    private readonly List<long> _retirePending = [];
    private long _nextCidSequence = 1;
    private long _localRetirePriorTo;
    private long _peerRetirePriorTo;
    private long _remoteCidSequence;

    /// <summary>Every connection ID currently routed to this connection (the endpoint removes them at close).</summary>
    internal byte[][] IssuedCids { get { lock (_lock) { return [_localCid, .. _issuedCids.Select(c => c.Cid)]; } } }

    /// <summary>Number of our IDs the peer may currently use (diagnostics and tests).</summary>
    internal int ActiveIssuedCidCount { get { lock (_lock) { return _issuedCids.Count + (_localCidRetired ? 0 : 1); } } }

    private bool _localCidRetired;

    /// <summary>The peer's ID we currently send to (tests).</summary>
    internal byte[] RemoteCid { get { lock (_lock) { return _remoteCid; } } }

    /// <summary>After the handshake: issue IDs up to the peer's active_connection_id_limit (RFC 9000 §5.1.1).</summary>
    private void IssueConnectionIds()
    {
        TransportParameters peer = _tls.PeerTransportParameters!;
        long target = Math.Min(peer.ActiveConnectionIdLimit, IssuedCidTarget);
        while (_issuedCids.Count + (_localCidRetired ? 0 : 1) < target && !_closing)
        {
            byte[] cid = _endpoint.IssueCid(this);
            long sequence = _nextCidSequence++;
            _issuedCids.Add((sequence, cid));
            _newCidPending.Add(sequence);
        }
    }

    private void WriteConnectionIdFrames(ref SpanWriter w, List<SentFrame> frames, ref bool ackEliciting)
    {
        while (_newCidPending.Count > 0 && w.Remaining >= 48)
        {
            long sequence = _newCidPending[^1];
            _newCidPending.RemoveAt(_newCidPending.Count - 1);
            int index = _issuedCids.FindIndex(c => c.Sequence == sequence);
            if (index < 0)
            {
                continue;
            }
            byte[] cid = _issuedCids[index].Cid;
            FrameWriter.NewConnectionId(ref w, sequence, _localRetirePriorTo, cid, _endpoint.ResetToken(cid));
            frames.Add(new SentFrame(SentFrameKind.NewConnectionId, 0, sequence, 0, false));
            ackEliciting = true;
        }
        while (_retirePending.Count > 0 && w.Remaining >= 9)
        {
            long sequence = _retirePending[^1];
            _retirePending.RemoveAt(_retirePending.Count - 1);
            FrameWriter.Single(ref w, FrameType.RetireConnectionId, sequence);
            frames.Add(new SentFrame(SentFrameKind.RetireConnectionId, 0, sequence, 0, false));
            ackEliciting = true;
        }
    }

    private bool HasConnectionIdFrames => _newCidPending.Count > 0 || _retirePending.Count > 0;

    /// <summary>A lost NEW_CONNECTION_ID is sent again while the ID is still issued; a lost RETIRE always (RFC 9000 §13.3).</summary>
    private void RequeueConnectionIdFrame(in SentFrame frame)
    {
        long sequence = frame.Offset;
        if (frame.Kind == SentFrameKind.NewConnectionId && _issuedCids.Exists(c => c.Sequence == sequence))
        {
            _newCidPending.Add(sequence);
        }
        else if (frame.Kind == SentFrameKind.RetireConnectionId)
        {
            _retirePending.Add(sequence);
        }
    }

    /// <summary>RETIRE_CONNECTION_ID (RFC 9000 §19.16): stop routing that ID and issue a replacement.</summary>
    private void OnRetireConnectionId(long sequence, ReadOnlySpan<byte> packetDcid)
    {
        if (sequence >= _nextCidSequence)
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, $"RETIRE_CONNECTION_ID for sequence {sequence}, which we never issued");
        }
        if (sequence == 0)
        {
            if (!_localCidRetired)
            {
                if (packetDcid.SequenceEqual(_localCid))
                {
                    throw new QuicException(QuicTransportError.ProtocolViolation, "RETIRE_CONNECTION_ID for the ID the packet was sent to");
                }
                _localCidRetired = true;
                _endpoint.RetireCid(_localCid, this);
            }
        }
        else
        {
            int index = _issuedCids.FindIndex(c => c.Sequence == sequence);
            if (index < 0)
            {
                return;
            }
            if (packetDcid.SequenceEqual(_issuedCids[index].Cid))
            {
                throw new QuicException(QuicTransportError.ProtocolViolation, "RETIRE_CONNECTION_ID for the ID the packet was sent to");
            }
            _endpoint.RetireCid(_issuedCids[index].Cid, this);
            _issuedCids.RemoveAt(index);
        }
        IssueConnectionIds();
    }

    /// <summary>The peer's first ID (sequence 0) and, from a server, its stateless reset token (RFC 9000 §18.2).</summary>
    private void RecordInitialPeerCid(byte[]? resetToken)
    {
        _peerCids.Add((0, _remoteCid, resetToken));
        if (resetToken is not null)
        {
            _endpoint.RegisterResetToken(resetToken, this);
        }
    }

    /// <summary>NEW_CONNECTION_ID from the peer (RFC 9000 §19.15), with retire_prior_to (§5.1.2).</summary>
    private void OnNewConnectionId(long sequence, long retirePriorTo, ReadOnlySpan<byte> cid, ReadOnlySpan<byte> resetToken)
    {
        if (_remoteCid.Length == 0)
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, "NEW_CONNECTION_ID while using zero-length connection IDs");
        }
        int known = _peerCids.FindIndex(c => c.Sequence == sequence);
        if (known >= 0)
        {
            if (!_peerCids[known].Cid.AsSpan().SequenceEqual(cid))
            {
                throw new QuicException(QuicTransportError.ProtocolViolation, $"NEW_CONNECTION_ID reuses sequence {sequence} for another ID");
            }
        }
        else if (sequence < _peerRetirePriorTo)
        {
            // Already retired by an earlier retire_prior_to: retire it at once (RFC 9000 §19.15).
            _retirePending.Add(sequence);
        }
        else
        {
            byte[] token = resetToken.ToArray();
            _peerCids.Add((sequence, cid.ToArray(), token));
            _endpoint.RegisterResetToken(token, this);
        }
        if (retirePriorTo > _peerRetirePriorTo)
        {
            _peerRetirePriorTo = retirePriorTo;
            for (int i = _peerCids.Count - 1; i >= 0; i--)
            {
                if (_peerCids[i].Sequence < retirePriorTo)
                {
                    RetirePeerCid(i);
                }
            }
        }
        if (_peerCids.Count > PeerCidLimit)
        {
            throw new QuicException(QuicTransportError.ConnectionIdLimitError, $"more than {PeerCidLimit} active connection IDs (sequence {sequence})");
        }
        if (!_peerCids.Exists(c => c.Sequence == _remoteCidSequence))
        {
            SwitchRemoteCid();
        }
    }

    private void RetirePeerCid(int index)
    {
        (long sequence, _, byte[]? token) = _peerCids[index];
        _peerCids.RemoveAt(index);
        _retirePending.Add(sequence);
        if (token is not null)
        {
            _endpoint.UnregisterResetToken(token);
        }
    }

    /// <summary>Moves to the peer's lowest unretired ID (after retire_prior_to, or to stop using the current one).</summary>
    private bool SwitchRemoteCid()
    {
        (long Sequence, byte[] Cid, byte[]? Token)? next = null;
        foreach ((long Sequence, byte[] Cid, byte[]? Token) c in _peerCids)
        {
            if (c.Sequence != _remoteCidSequence && (next is null || c.Sequence < next.Value.Sequence))
            {
                next = c;
            }
        }
        if (next is null)
        {
            return false;
        }
        _remoteCid = next.Value.Cid;
        _remoteCidSequence = next.Value.Sequence;
        return true;
    }

    /// <summary>
    /// Test hook and migration groundwork: stops using the peer's current ID, retiring it (RFC 9000 §5.1.2), and
    /// switches to another one. False when the peer has issued no other.
    /// </summary>
    internal bool RotatePeerConnectionId()
    {
        lock (_lock)
        {
            long old = _remoteCidSequence;
            if (_closing || !_peerCids.Exists(c => c.Sequence == old) || !SwitchRemoteCid())
            {
                return false;
            }
            RetirePeerCid(_peerCids.FindIndex(c => c.Sequence == old));
            Flush();
            return true;
        }
    }

    /// <summary>
    /// Issues a fresh ID and asks the peer to retire every older one (retire_prior_to, RFC 9000 §5.1.2), as an
    /// endpoint does to stop linkability or before its IDs' routing changes. The old IDs keep routing until the peer
    /// retires them; replacements follow those retirements.
    /// </summary>
    internal void RotateLocalConnectionIds()
    {
        lock (_lock)
        {
            if (_closing || !_handshake.Task.IsCompletedSuccessfully)
            {
                return;
            }
            long sequence = _nextCidSequence++;
            _localRetirePriorTo = sequence;
            _issuedCids.Add((sequence, _endpoint.IssueCid(this)));
            _newCidPending.Add(sequence);
            Flush();
        }
    }

    /// <summary>A stateless reset for this connection arrived (RFC 9000 §10.3): the peer lost its state; close silently.</summary>
    internal void OnStatelessReset()
    {
        lock (_lock)
        {
            CloseLocked(new QuicException(QuicTransportError.NoError, "stateless reset received") { IsRemote = true }, application: false, silent: true);
        }
    }

    /// <summary>Test hook: drops all state without telling the peer, as a crashed or restarted endpoint would.</summary>
    internal void ForgetSilently()
    {
        lock (_lock)
        {
            CloseLocked(new QuicException(QuicTransportError.NoError, "state dropped"), application: false, silent: true);
        }
    }

    /// <summary>Stateless reset tokens the peer gave us (compared in constant time, RFC 9000 §10.3.1).</summary>
    private bool MatchesPeerResetToken(ReadOnlySpan<byte> tail)
    {
        foreach ((_, _, byte[]? token) in _peerCids)
        {
            if (token is not null && CryptographicOperations.FixedTimeEquals(token, tail))
            {
                return true;
            }
        }
        return false;
    }
}
