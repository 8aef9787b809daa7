namespace Libp2p.Transports.Quic;

/// <summary>QUIC transport error codes (RFC 9000 §20.1); TLS alerts map to <c>0x0100 + alert</c> (RFC 9001 §4.8).</summary>
public enum QuicTransportError : long
{
    /// <summary>NO_ERROR: the connection is being closed abruptly without an error.</summary>
    NoError = 0x00,
    /// <summary>INTERNAL_ERROR.</summary>
    InternalError = 0x01,
    /// <summary>CONNECTION_REFUSED.</summary>
    ConnectionRefused = 0x02,
    /// <summary>FLOW_CONTROL_ERROR: more data than the advertised limits.</summary>
    FlowControlError = 0x03,
    /// <summary>STREAM_LIMIT_ERROR.</summary>
    StreamLimitError = 0x04,
    /// <summary>STREAM_STATE_ERROR.</summary>
    StreamStateError = 0x05,
    /// <summary>FINAL_SIZE_ERROR.</summary>
    FinalSizeError = 0x06,
    /// <summary>FRAME_ENCODING_ERROR: a badly formatted frame.</summary>
    FrameEncodingError = 0x07,
    /// <summary>TRANSPORT_PARAMETER_ERROR.</summary>
    TransportParameterError = 0x08,
    /// <summary>CONNECTION_ID_LIMIT_ERROR.</summary>
    ConnectionIdLimitError = 0x09,
    /// <summary>PROTOCOL_VIOLATION.</summary>
    ProtocolViolation = 0x0a,
    /// <summary>INVALID_TOKEN.</summary>
    InvalidToken = 0x0b,
    /// <summary>APPLICATION_ERROR.</summary>
    ApplicationError = 0x0c,
    /// <summary>CRYPTO_BUFFER_EXCEEDED.</summary>
    CryptoBufferExceeded = 0x0d,
    /// <summary>KEY_UPDATE_ERROR.</summary>
    KeyUpdateError = 0x0e,
    /// <summary>AEAD_LIMIT_REACHED.</summary>
    AeadLimitReached = 0x0f,
    /// <summary>NO_VIABLE_PATH.</summary>
    NoViablePath = 0x10,
    /// <summary>CRYPTO_ERROR base: a TLS alert <c>a</c> is <c>0x0100 + a</c> (RFC 9001 §4.8).</summary>
    CryptoError = 0x0100,
    /// <summary>TLS handshake_failure alert (40).</summary>
    HandshakeFailure = 0x0100 + 40,
    /// <summary>TLS bad_certificate alert (42).</summary>
    BadCertificate = 0x0100 + 42,
    /// <summary>TLS illegal_parameter alert (47).</summary>
    IllegalParameter = 0x0100 + 47,
    /// <summary>TLS decode_error alert (50).</summary>
    DecodeError = 0x0100 + 50,
    /// <summary>TLS decrypt_error alert (51).</summary>
    DecryptError = 0x0100 + 51,
    /// <summary>TLS missing_extension alert (109).</summary>
    MissingExtension = 0x0100 + 109,
    /// <summary>TLS certificate_required alert (116).</summary>
    CertificateRequired = 0x0100 + 116,
    /// <summary>TLS no_application_protocol alert (120).</summary>
    NoApplicationProtocol = 0x0100 + 120,
}
