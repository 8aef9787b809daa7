using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>The server side of <see cref="TlsHandshake"/> (RFC 8446 §4.1.3, §4.3, §4.4; RFC 9001 §4).</summary>
internal sealed partial class TlsHandshake
{
    private void ServerDispatch(byte type, byte[] message, ReadOnlySpan<byte> body)
    {
        switch (_state, type)
        {
            case (State.ServerWaitClientHello, MsgClientHello):
                byte[] peerShare = ReadClientHello(body);
                _transcript.AppendData(message);
                WriteServerHello();
                DeriveHandshakeKeys(peerShare);
                WriteEncryptedExtensions();
                WriteCertificateRequest();
                QueueCertificateFlight(server: true);
                DeriveOneRttKeys();
                _state = State.ServerWaitCertificate;
                break;
            case (State.ServerWaitCertificate, MsgCertificate):
                ReadPeerCertificate(body);
                _transcript.AppendData(message);
                _state = State.ServerWaitCertificateVerify;
                break;
            case (State.ServerWaitCertificateVerify, MsgCertificateVerify):
                ReadPeerCertificateVerify(body, fromServer: false);
                _transcript.AppendData(message);
                _state = State.ServerWaitFinished;
                break;
            case (State.ServerWaitFinished, MsgFinished):
                ReadPeerFinished(body, _clientHandshakeSecret!);
                _transcript.AppendData(message);
                _state = State.Done;
                break;
            default:
                throw Alert(QuicTransportError.CryptoError + 10, $"unexpected handshake message {type} in state {_state}");
        }
    }

    private byte[] ReadClientHello(ReadOnlySpan<byte> body)
    {
        var r = new SpanReader(body, QuicTransportError.DecodeError);
        r.ReadUInt16();
        r.ReadBytes(32);
        if (r.ReadVector8().Length != 0)
        {
            throw Alert(QuicTransportError.ProtocolViolation, "ClientHello has a legacy_session_id (RFC 9001 §8.4)");
        }
        var suites = new SpanReader(r.ReadVector16(), QuicTransportError.DecodeError);
        CipherSuite? chosen = null;
        while (suites.HasData)
        {
            var suite = (CipherSuite)suites.ReadUInt16();
            if (chosen is null && suite is CipherSuite.Aes128GcmSha256 or CipherSuite.ChaCha20Poly1305Sha256)
            {
                chosen = suite;
            }
        }
        if (chosen is null)
        {
            throw Alert(QuicTransportError.HandshakeFailure, "no cipher suite in common");
        }
        Suite = chosen.Value;
        if (!r.ReadVector8().Contains((byte)0))
        {
            throw Alert(QuicTransportError.IllegalParameter, "ClientHello does not offer the null compression method");
        }
        var ext = new SpanReader(r.ReadVector16(), QuicTransportError.DecodeError);
        EnsureEnd(ref r);
        bool tls13 = false, alpn = false, ecdsa = false;
        byte[]? share = null;
        var seen = new HashSet<int>();
        while (ext.HasData)
        {
            int extType = ext.ReadUInt16();
            var value = new SpanReader(ext.ReadVector16(), QuicTransportError.DecodeError);
            if (!seen.Add(extType))
            {
                throw Alert(QuicTransportError.IllegalParameter, $"extension {extType} appears twice");
            }
            switch (extType)
            {
                case ExtSupportedVersions:
                    var versions = new SpanReader(value.ReadVector8(), QuicTransportError.DecodeError);
                    while (versions.HasData)
                    {
                        tls13 |= versions.ReadUInt16() == 0x0304;
                    }
                    break;
                case ExtKeyShare:
                    var shares = new SpanReader(value.ReadVector16(), QuicTransportError.DecodeError);
                    while (shares.HasData)
                    {
                        int group = shares.ReadUInt16();
                        ReadOnlySpan<byte> key = shares.ReadVector16();
                        if (group == X25519Group && share is null)
                        {
                            share = key.ToArray();
                        }
                    }
                    break;
                case ExtSignatureAlgorithms:
                    var schemes = new SpanReader(value.ReadVector16(), QuicTransportError.DecodeError);
                    while (schemes.HasData)
                    {
                        ecdsa |= schemes.ReadUInt16() == CertificateSignatures.EcdsaP256Sha256;
                    }
                    break;
                case ExtAlpn:
                    var names = new SpanReader(value.ReadVector16(), QuicTransportError.DecodeError);
                    while (names.HasData)
                    {
                        alpn |= names.ReadVector8().SequenceEqual(Alpn);
                    }
                    break;
                case ExtQuicTransportParameters:
                    PeerTransportParameters = TransportParameters.Decode(value.Rest, fromServer: false);
                    break;
                default:
                    break;
            }
        }
        if (!tls13)
        {
            throw Alert(QuicTransportError.CryptoError + 70, "the client does not offer TLS 1.3");
        }
        if (!alpn)
        {
            throw Alert(QuicTransportError.NoApplicationProtocol, "the client does not offer the ALPN protocol libp2p");
        }
        if (PeerTransportParameters is null)
        {
            throw Alert(QuicTransportError.MissingExtension, "the client sent no quic_transport_parameters");
        }
        if (!ecdsa)
        {
            throw Alert(QuicTransportError.HandshakeFailure, "the client does not accept ecdsa_secp256r1_sha256");
        }
        // Only X25519 is implemented; a client offering it without a share would need a HelloRetryRequest.
        return share ?? throw Alert(QuicTransportError.HandshakeFailure, "the client sent no X25519 key share");
    }

    private void WriteServerHello()
    {
        var b = new ByteBuilder();
        b.U16(0x0303);
        b.Bytes(RandomNumberGenerator.GetBytes(32));
        b.U8(0);
        b.U16((int)Suite);
        b.U8(0);
        b.Begin(2);
        WriteExtension(b, ExtSupportedVersions, [0x03, 0x04]);
        var share = new ByteBuilder();
        share.U16(X25519Group);
        share.Begin(2);
        share.Bytes(_keyShare.GeneratePublicKey().GetEncoded());
        share.End();
        WriteExtension(b, ExtKeyShare, share.ToArray());
        b.End();
        Queue(EncryptionLevel.Initial, MsgServerHello, b.ToArray());
    }

    private void WriteEncryptedExtensions()
    {
        var b = new ByteBuilder();
        b.Begin(2);
        WriteExtension(b, ExtAlpn, AlpnExtension());
        WriteExtension(b, ExtQuicTransportParameters, _localTransportParameters);
        b.End();
        Queue(EncryptionLevel.Handshake, MsgEncryptedExtensions, b.ToArray());
    }

    private void WriteCertificateRequest()
    {
        var b = new ByteBuilder();
        b.U8(0);
        b.Begin(2);
        var sigs = new ByteBuilder();
        sigs.Begin(2);
        foreach (ushort scheme in CertificateSignatures.Supported)
        {
            sigs.U16(scheme);
        }
        sigs.End();
        WriteExtension(b, ExtSignatureAlgorithms, sigs.ToArray());
        b.End();
        Queue(EncryptionLevel.Handshake, MsgCertificateRequest, b.ToArray());
    }
}
