using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Transports.Tcp;

namespace Libp2p.Transports.WebSockets;

/// <summary>Options of <see cref="WebSocketTransport"/>.</summary>
public sealed class WebSocketTransportOptions
{
    /// <summary>
    /// Certificate (with private key) served by <c>/wss</c> and <c>/tls/ws</c> listeners. Without it the transport
    /// cannot listen on secure addresses (libp2p/specs websockets "Certificates": obtained externally).
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// Validation of the server certificate when dialing <c>/wss</c>; null uses the system's Web PKI validation.
    /// Tests pass a callback that trusts their self-signed certificate.
    /// </summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; init; }

    /// <summary>Upper bound of the TLS plus HTTP upgrade handshake, on both sides.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes buffered per direction before backpressure applies.</summary>
    public int MaxBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Upgraded connections queued for <c>AcceptAsync</c>; handshakes wait when it is full.</summary>
    public int AcceptQueue { get; init; } = 256;

    /// <summary>The HTTP request target used when dialing (js-libp2p uses <c>/</c>).</summary>
    public string Path { get; init; } = "/";

    /// <summary>Socket options of the underlying TCP connections (port reuse, backlog, dial timeout).</summary>
    public TcpTransportOptions Tcp { get; init; } = new();
}
