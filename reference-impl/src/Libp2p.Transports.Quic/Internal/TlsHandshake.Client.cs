using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>The client side of <see cref="TlsHandshake"/> (RFC 8446 §4.1.2, §4.4; RFC 9001 §4).</summary>
internal sealed partial class TlsHandshake
{
    private void WriteClientHello()
    {
        var b = new ByteBuilder();
        b.U16(0x0303);
        b.Bytes(RandomNumberGenerator.GetBytes(32));
        b.U8(0); // legacy_session_id: empty in QUIC (RFC 9001 §8.4)
        b.Begin(2);
        b.U16((int)CipherSuite.Aes128GcmSha256);
        b.U16((int)CipherSuite.ChaCha20Poly1305Sha256);
        b.End();
        b.U8(1);
        b.U8(0);
        b.Begin(2);
        // SNI "l": the placeholder name rust-libp2p's libp2p-tls client sends; libp2p servers ignore it.
        var sni = new ByteBuilder();
        sni.Begin(2);
        sni.U8(0);
        sni.Begin(2);
        sni.Bytes("l"u8);
        sni.End();
        sni.End();
        WriteExtension(b, ExtServerName, sni.ToArray());
        WriteExtension(b, ExtSupportedGroups, [0x00, 0x02, 0x00, 0x1d]);
        var sigs = new ByteBuilder();
        sigs.Begin(2);
        foreach (ushort scheme in CertificateSignatures.Supported)
        {
            sigs.U16(scheme);
        }
        sigs.End();
        WriteExtension(b, ExtSignatureAlgorithms, sigs.ToArray());
        WriteExtension(b, ExtAlpn, AlpnExtension());
        WriteExtension(b, ExtSupportedVersions, [0x02, 0x03, 0x04]);
        var share = new ByteBuilder();
        share.Begin(2);
        share.U16(X25519Group);
        share.Begin(2);
        share.Bytes(_keyShare.GeneratePublicKey().GetEncoded());
        share.End();
        share.End();
        WriteExtension(b, ExtKeyShare, share.ToArray());
        WriteExtension(b, ExtQuicTransportParameters, _localTransportParameters);
        b.End();
        Queue(EncryptionLevel.Initial, MsgClientHello, b.ToArray());
    }

    private void ClientDispatch(byte type, byte[] message, ReadOnlySpan<byte> body)
    {
        switch (_state, type)
        {
            case (State.ClientWaitServerHello, MsgServerHello):
                ReadServerHello(body);
                _transcript.AppendData(message);
                DeriveHandshakeKeys(_peerShare);
                _state = State.ClientWaitEncryptedExtensions;
                break;
            case (State.ClientWaitEncryptedExtensions, MsgEncryptedExtensions):
                ReadEncryptedExtensions(body);
                _transcript.AppendData(message);
                _state = State.ClientWaitCertificateRequest;
                break;
            case (State.ClientWaitCertificateRequest, MsgCertificateRequest):
                ReadCertificateRequest(body);
                _transcript.AppendData(message);
                _state = State.ClientWaitCertificate;
                break;
            case (State.ClientWaitCertificateRequest, MsgCertificate):
                // libp2p requires mutual authentication: a server that does not ask for our certificate is refused.
                throw Alert(QuicTransportError.HandshakeFailure, "the server did not request a client certificate");
            case (State.ClientWaitCertificate, MsgCertificate):
                ReadPeerCertificate(body);
                _transcript.AppendData(message);
                _state = State.ClientWaitCertificateVerify;
                break;
            case (State.ClientWaitCertificateVerify, MsgCertificateVerify):
                ReadPeerCertificateVerify(body, fromServer: true);
                _transcript.AppendData(message);
                _state = State.ClientWaitFinished;
                break;
            case (State.ClientWaitFinished, MsgFinished):
                ReadPeerFinished(body, _serverHandshakeSecret!);
                _transcript.AppendData(message);
                DeriveOneRttKeys();
                QueueCertificateFlight(server: false);
                _state = State.Done;
                break;
            default:
                throw Alert(QuicTransportError.CryptoError + 10, $"unexpected handshake message {type} in state {_state}");
        }
    }

    private byte[] _peerShare = [];

    private void ReadServerHello(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        if (r.ReadUInt16() != 0x0303)
        {
            throw Alert(QuicTransportError.ProtocolViolation, "ServerHello legacy_version is not 0x0303");
        }
        if (r.ReadBytes(32).SequenceEqual(HelloRetryRandom))
        {
            throw Alert(QuicTransportError.HandshakeFailure, "HelloRetryRequest: the server does not accept X25519");
        }
        if (r.ReadVector8().Length != 0)
        {
            throw Alert(QuicTransportError.IllegalParameter, "ServerHello echoes a session ID we did not send");
        }
        var suite = (CipherSuite)r.ReadUInt16();
        if (suite is not (CipherSuite.Aes128GcmSha256 or CipherSuite.ChaCha20Poly1305Sha256))
        {
            throw Alert(QuicTransportError.IllegalParameter, $"the server chose cipher suite 0x{(int)suite:x4} which we did not offer");
        }
        Suite = suite;
        if (r.ReadByte() != 0)
        {
            throw Alert(QuicTransportError.IllegalParameter, "ServerHello compression method is not null");
        }
        var ext = new SpanReader(r.ReadVector16(), QuicTransportError.DecodeError);
        EnsureEnd(ref r);
        bool tls13 = false;
        while (ext.HasData)
        {
            int extType = ext.ReadUInt16();
            var value = new SpanReader(ext.ReadVector16(), QuicTransportError.DecodeError);
            switch (extType)
            {
                case ExtSupportedVersions:
                    tls13 = value.ReadUInt16() == 0x0304;
                    break;
                case ExtKeyShare:
                    if (value.ReadUInt16() != X25519Group)
                    {
                        throw Alert(QuicTransportError.IllegalParameter, "the server's key share is not X25519");
                    }
                    _peerShare = value.ReadVector16().ToArray();
                    break;
                default:
                    throw Alert(QuicTransportError.CryptoError + 110, $"unsupported extension {extType} in ServerHello");
            }
        }
        if (!tls13)
        {
            throw Alert(QuicTransportError.CryptoError + 70, "the server did not negotiate TLS 1.3");
        }
        if (_peerShare.Length == 0)
        {
            throw Alert(QuicTransportError.MissingExtension, "ServerHello carries no key share");
        }
    }

    private void ReadEncryptedExtensions(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        var ext = new SpanReader(r.ReadVector16(), QuicTransportError.DecodeError);
        EnsureEnd(ref r);
        bool alpn = false;
        while (ext.HasData)
        {
            int extType = ext.ReadUInt16();
            ReadOnlySpan<byte> value = ext.ReadVector16();
            if (extType == ExtAlpn)
            {
                var list = new SpanReader(value, QuicTransportError.DecodeError);
                var names = new SpanReader(list.ReadVector16(), QuicTransportError.DecodeError);
                alpn = names.ReadVector8().SequenceEqual(Alpn) && !names.HasData;
                if (!alpn)
                {
                    throw Alert(QuicTransportError.NoApplicationProtocol, "the server selected an ALPN other than libp2p");
                }
            }
            else if (extType == ExtQuicTransportParameters)
            {
                PeerTransportParameters = TransportParameters.Decode(value, fromServer: true);
            }
        }
        if (!alpn)
        {
            throw Alert(QuicTransportError.NoApplicationProtocol, "the server selected no ALPN protocol");
        }
        if (PeerTransportParameters is null)
        {
            throw Alert(QuicTransportError.MissingExtension, "the server sent no quic_transport_parameters");
        }
    }

    private void ReadCertificateRequest(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        _certificateRequestContext = r.ReadVector8().ToArray();
        var ext = new SpanReader(r.ReadVector16(), QuicTransportError.DecodeError);
        EnsureEnd(ref r);
        bool ecdsa = false;
        while (ext.HasData)
        {
            int extType = ext.ReadUInt16();
            ReadOnlySpan<byte> value = ext.ReadVector16();
            if (extType == ExtSignatureAlgorithms)
            {
                var v = new SpanReader(value, QuicTransportError.DecodeError);
                var schemes = new SpanReader(v.ReadVector16(), QuicTransportError.DecodeError);
                while (schemes.HasData)
                {
                    ecdsa |= schemes.ReadUInt16() == CertificateSignatures.EcdsaP256Sha256;
                }
            }
        }
        if (!ecdsa)
        {
            throw Alert(QuicTransportError.HandshakeFailure, "the server does not accept ecdsa_secp256r1_sha256 client signatures");
        }
    }
}
