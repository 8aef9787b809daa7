using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls;
using Libp2p.Core.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// A sans-IO TLS 1.3 handshake for QUIC (RFC 9001 §4, RFC 8446): consumes CRYPTO stream bytes per encryption level,
/// produces CRYPTO bytes per level and the packet protection keys as they become available. Mutual authentication
/// with libp2p certificates (libp2p/specs tls/tls.md, quic/README.md), ALPN "libp2p", X25519,
/// TLS_AES_128_GCM_SHA256 and TLS_CHACHA20_POLY1305_SHA256. Errors are <see cref="QuicException"/> carrying the
/// CRYPTO_ERROR code of the TLS alert.
/// </summary>
internal sealed partial class TlsHandshake : IDisposable
{
    public const int MaxMessageLength = 2 * Libp2pCertificate.MaxCertificateLength;
    public const int MaxBufferedPerLevel = 64 * 1024;

    private const int ExtServerName = 0, ExtSupportedGroups = 10, ExtSignatureAlgorithms = 13, ExtAlpn = 16,
        ExtSupportedVersions = 43, ExtKeyShare = 51, ExtQuicTransportParameters = 57;
    private const int X25519Group = 0x001d;
    private const byte MsgClientHello = 1, MsgServerHello = 2, MsgNewSessionTicket = 4, MsgEncryptedExtensions = 8,
        MsgCertificate = 11, MsgCertificateRequest = 13, MsgCertificateVerify = 15, MsgFinished = 20;

    private static readonly byte[] Alpn = "libp2p"u8.ToArray();
    private static readonly byte[] HelloRetryRandom = SHA256.HashData("HelloRetryRequest"u8);

    private readonly bool _isClient;
    private readonly X509Certificate2 _certificate;
    private readonly byte[] _localTransportParameters;
    private readonly PeerId? _expectedRemote;
    private readonly TimeProvider _time;
    private readonly IncrementalHash _transcript = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<byte>[] _incoming = [[], [], []];
    private readonly List<byte>[] _outgoing = [[], [], []];
    private readonly X25519PrivateKeyParameters _keyShare = new(new SecureRandom());
    private State _state;
    private byte[]? _clientHandshakeSecret;
    private byte[]? _serverHandshakeSecret;
    private byte[]? _handshakeSecret;
    private VerifiedCertificate? _peerVerified;
    private byte[] _certificateRequestContext = [];

    public TlsHandshake(bool isClient, X509Certificate2 certificate, byte[] localTransportParameters, PeerId? expectedRemote, TimeProvider? time = null)
    {
        _isClient = isClient;
        _certificate = certificate;
        _localTransportParameters = localTransportParameters;
        _expectedRemote = expectedRemote;
        _time = time ?? TimeProvider.System;
        _state = isClient ? State.ClientStart : State.ServerWaitClientHello;
    }

    private enum State
    {
        ClientStart,
        ClientWaitServerHello,
        ClientWaitEncryptedExtensions,
        ClientWaitCertificateRequest,
        ClientWaitCertificate,
        ClientWaitCertificateVerify,
        ClientWaitFinished,
        ServerWaitClientHello,
        ServerWaitCertificate,
        ServerWaitCertificateVerify,
        ServerWaitFinished,
        Done,
    }

    public CipherSuite Suite { get; private set; } = CipherSuite.Aes128GcmSha256;

    /// <summary>Handshake keys (send, receive), once derived.</summary>
    public (PacketProtection Send, PacketProtection Receive)? HandshakeKeys { get; private set; }

    /// <summary>1-RTT keys (send, receive), once derived.</summary>
    public (PacketProtection Send, PacketProtection Receive)? OneRttKeys { get; private set; }

    /// <summary>True once the peer's Finished has been verified (and, for a client, ours queued).</summary>
    public bool IsComplete => _state == State.Done;

    public TransportParameters? PeerTransportParameters { get; private set; }

    /// <summary>The peer's host key proven by its libp2p certificate.</summary>
    public PublicKey? RemoteKey { get; private set; }

    /// <summary>Client only: queues the ClientHello at the Initial level.</summary>
    public void Start()
    {
        if (_state != State.ClientStart)
        {
            throw new InvalidOperationException("only a client starts the handshake, once");
        }
        WriteClientHello();
        _state = State.ClientWaitServerHello;
    }

    /// <summary>True when CRYPTO bytes are waiting to be sent at <paramref name="level"/>.</summary>
    public bool HasOutput(EncryptionLevel level) => _outgoing[(int)level].Count > 0;

    /// <summary>Takes the CRYPTO bytes queued for <paramref name="level"/>.</summary>
    public byte[] TakeOutput(EncryptionLevel level)
    {
        List<byte> queue = _outgoing[(int)level];
        byte[] bytes = [.. queue];
        queue.Clear();
        return bytes;
    }

    /// <summary>Feeds in-order CRYPTO stream bytes received at <paramref name="level"/>.</summary>
    public void OnCryptoData(EncryptionLevel level, ReadOnlySpan<byte> data)
    {
        List<byte> buffer = _incoming[(int)level];
        if (buffer.Count + data.Length > MaxBufferedPerLevel)
        {
            throw new QuicException(QuicTransportError.CryptoBufferExceeded, $"more than {MaxBufferedPerLevel} bytes of unprocessed CRYPTO data");
        }
        foreach (byte b in data)
        {
            buffer.Add(b);
        }
        while (buffer.Count >= 4)
        {
            int length = (buffer[1] << 16) | (buffer[2] << 8) | buffer[3];
            if (length > MaxMessageLength)
            {
                throw Alert(QuicTransportError.DecodeError, $"handshake message of {length} bytes exceeds {MaxMessageLength}");
            }
            if (buffer.Count < 4 + length)
            {
                break;
            }
            byte[] message = buffer.GetRange(0, 4 + length).ToArray();
            buffer.RemoveRange(0, 4 + length);
            Dispatch(level, message);
        }
    }

    public void Dispose()
    {
        _transcript.Dispose();
    }

    private void Dispatch(EncryptionLevel level, byte[] message)
    {
        byte type = message[0];
        ReadOnlySpan<byte> body = message.AsSpan(4);
        if (level == EncryptionLevel.OneRtt)
        {
            // Post-handshake: session tickets are not used (no resumption) and are ignored (RFC 8446 §4.6.1).
            if (_isClient && type == MsgNewSessionTicket && _state == State.Done)
            {
                return;
            }
            throw Alert(QuicTransportError.CryptoError + 10, $"unexpected post-handshake message {type}");
        }
        EncryptionLevel expected = _state is State.ClientWaitServerHello or State.ServerWaitClientHello ? EncryptionLevel.Initial : EncryptionLevel.Handshake;
        if (level != expected || _state == State.Done)
        {
            throw Alert(QuicTransportError.CryptoError + 10, $"handshake message {type} at the {level} level in state {_state}");
        }
        if (_isClient)
        {
            ClientDispatch(type, message, body);
        }
        else
        {
            ServerDispatch(type, message, body);
        }
    }

    private static QuicException Alert(QuicTransportError code, string message, Exception? inner = null) => new(code, message, inner);

    private void Queue(EncryptionLevel level, byte type, byte[] body)
    {
        var message = new byte[4 + body.Length];
        message[0] = type;
        message[1] = (byte)(body.Length >> 16);
        message[2] = (byte)(body.Length >> 8);
        message[3] = (byte)body.Length;
        body.CopyTo(message, 4);
        _transcript.AppendData(message);
        _outgoing[(int)level].AddRange(message);
    }

    private byte[] TranscriptHash() => _transcript.GetCurrentHash();

    private void DeriveHandshakeKeys(ReadOnlySpan<byte> peerShare)
    {
        if (peerShare.Length != 32)
        {
            throw Alert(QuicTransportError.IllegalParameter, "X25519 key share is not 32 bytes");
        }
        Span<byte> privateKey = stackalloc byte[X25519.KeyLength];
        Span<byte> shared = stackalloc byte[X25519.KeyLength];
        _keyShare.Encode(privateKey);
        bool agreed = X25519.TryAgree(privateKey, peerShare, shared);
        CryptographicOperations.ZeroMemory(privateKey);
        if (!agreed)
        {
            // A low-order peer share (RFC 8446 §7.4.2: the all-zero value MUST be rejected).
            throw Alert(QuicTransportError.IllegalParameter, "X25519 agreement produced the all-zero value");
        }
        _handshakeSecret = TlsKeySchedule.HandshakeSecret(shared);
        CryptographicOperations.ZeroMemory(shared);
        byte[] hash = TranscriptHash();
        _clientHandshakeSecret = TlsKeySchedule.DeriveSecret(_handshakeSecret, "c hs traffic", hash);
        _serverHandshakeSecret = TlsKeySchedule.DeriveSecret(_handshakeSecret, "s hs traffic", hash);
        var client = PacketProtection.FromSecret(Suite, _clientHandshakeSecret);
        var server = PacketProtection.FromSecret(Suite, _serverHandshakeSecret);
        HandshakeKeys = _isClient ? (client, server) : (server, client);
    }

    /// <summary>Application traffic secrets from the transcript through the server Finished.</summary>
    private void DeriveOneRttKeys()
    {
        byte[] master = TlsKeySchedule.MasterSecret(_handshakeSecret!);
        byte[] hash = TranscriptHash();
        var client = PacketProtection.FromSecret(Suite, TlsKeySchedule.DeriveSecret(master, "c ap traffic", hash));
        var server = PacketProtection.FromSecret(Suite, TlsKeySchedule.DeriveSecret(master, "s ap traffic", hash));
        OneRttKeys = _isClient ? (client, server) : (server, client);
    }

    private void QueueCertificateFlight(bool server)
    {
        var cert = new ByteBuilder();
        cert.Begin(1);
        cert.Bytes(_certificateRequestContext);
        cert.End();
        cert.Begin(3);
        cert.Begin(3);
        cert.Bytes(_certificate.RawData);
        cert.End();
        cert.U16(0);
        cert.End();
        Queue(EncryptionLevel.Handshake, MsgCertificate, cert.ToArray());

        byte[] content = CertificateSignatures.Content(server, TranscriptHash());
        byte[] signature = CertificateSigningKey.Sign(_certificate, content);
        var verify = new ByteBuilder();
        verify.U16(CertificateSignatures.EcdsaP256Sha256);
        verify.Begin(2);
        verify.Bytes(signature);
        verify.End();
        Queue(EncryptionLevel.Handshake, MsgCertificateVerify, verify.ToArray());

        byte[] finished = TlsKeySchedule.FinishedVerifyData(server ? _serverHandshakeSecret! : _clientHandshakeSecret!, TranscriptHash());
        Queue(EncryptionLevel.Handshake, MsgFinished, finished);
    }

    /// <summary>Certificate message of the peer: exactly one libp2p certificate, verified (libp2p/specs tls/tls.md).</summary>
    private void ReadPeerCertificate(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        r.ReadVector8();
        var list = new SpanReader(r.ReadVector24(), QuicTransportError.DecodeError);
        EnsureEnd(ref r);
        if (!list.HasData)
        {
            throw Alert(QuicTransportError.CertificateRequired, "the peer presented no certificate");
        }
        ReadOnlySpan<byte> der = list.ReadVector24();
        list.ReadVector16();
        if (list.HasData)
        {
            throw Alert(QuicTransportError.BadCertificate, "the peer presented more than one certificate");
        }
        VerifiedCertificate verified;
        try
        {
            verified = Libp2pCertificate.VerifyCertificate(der, _time.GetUtcNow());
        }
        catch (TlsException ex)
        {
            throw Alert(QuicTransportError.BadCertificate, ex.Message, ex);
        }
        PublicKey key = verified.HostKey;
        PeerId remote = PeerId.FromPublicKey(key);
        if (_expectedRemote is not null && !_expectedRemote.Equals(remote))
        {
            throw Alert(QuicTransportError.BadCertificate, "peer ID mismatch",
                new PeerIdMismatchException(_expectedRemote.ToString()!, remote.ToString()!));
        }
        _peerVerified = verified;
        RemoteKey = key;
    }

    private void ReadPeerCertificateVerify(ReadOnlySpan<byte> body, bool fromServer)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        ushort scheme = r.ReadUInt16();
        ReadOnlySpan<byte> signature = r.ReadVector16();
        EnsureEnd(ref r);
        byte[] content = CertificateSignatures.Content(fromServer, TranscriptHash());
        if (_peerVerified is null || !CertificateSignatures.Supported.Contains(scheme) || !CertificateSignatures.Verify(scheme, _peerVerified, content, signature))
        {
            throw Alert(QuicTransportError.DecryptError, $"CertificateVerify with scheme 0x{scheme:x4} does not verify");
        }
    }

    private void ReadPeerFinished(ReadOnlySpan<byte> body, byte[] trafficSecret)
    {
        byte[] expected = TlsKeySchedule.FinishedVerifyData(trafficSecret, TranscriptHash());
        if (!CryptographicOperations.FixedTimeEquals(expected, body))
        {
            throw Alert(QuicTransportError.DecryptError, "Finished verify_data does not match");
        }
    }

    private static void EnsureEnd(ref SpanReader r)
    {
        if (r.HasData)
        {
            throw Alert(QuicTransportError.DecodeError, "trailing bytes in a handshake message");
        }
    }

    private static void WriteExtension(ByteBuilder b, int type, ReadOnlySpan<byte> value)
    {
        b.U16(type);
        b.Begin(2);
        b.Bytes(value);
        b.End();
    }

    private static byte[] AlpnExtension()
    {
        var b = new ByteBuilder();
        b.Begin(2);
        b.Begin(1);
        b.Bytes(Alpn);
        b.End();
        b.End();
        return b.ToArray();
    }
}
