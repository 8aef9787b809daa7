using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Tls.Internal;

namespace Libp2p.Security.Tls;

/// <summary>
/// The libp2p TLS secure channel <c>/tls/1.0.0</c> (libp2p/specs tls/tls.md): TLS 1.3 only, both sides present
/// a self-signed libp2p certificate, ALPN offers the stream muxers then <c>libp2p</c>
/// (connections/inlined-muxer-negotiation.md "Multiplexer Negotiation over TLS").
/// </summary>
public sealed class TlsProtocol : ISecurityProtocol, IDisposable
{
    /// <summary>The multistream protocol ID.</summary>
    public const string Id = "/tls/1.0.0";

    /// <summary>The ALPN value meaning "negotiate the muxer with multistream-select".</summary>
    public const string Libp2pAlpn = "libp2p";

    private readonly TlsOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly SslStreamCertificateContext _certificateContext;
    private readonly List<SslApplicationProtocol> _alpn;
    private readonly PeerId _localPeer;

    /// <summary>Creates the protocol; one ephemeral certificate is generated per instance.</summary>
    public TlsProtocol(PrivateKey identity, TlsOptions? options = null)
        : this(identity, options, null)
    {
    }

    /// <summary>
    /// Creates the protocol presenting <paramref name="certificateContext"/> instead of a generated certificate
    /// (for tests that need a forged or multi-certificate chain).
    /// </summary>
    internal TlsProtocol(PrivateKey identity, TlsOptions? options, SslStreamCertificateContext? certificateContext)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _options = options ?? new TlsOptions();
        _certificate = Libp2pCertificate.Create(identity);
        _certificateContext = certificateContext ?? SslStreamCertificateContext.Create(_certificate, additionalCertificates: null, offline: true);
        _alpn = [.. _options.StreamMuxers.Select(m => new SslApplicationProtocol(m)), new SslApplicationProtocol(Libp2pAlpn)];
        _localPeer = PeerId.FromPublicKey(identity.PublicKey);
    }

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureOutboundAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken = default)
        => HandshakeAsync(connection, client: true, expectedRemote, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureInboundAsync(IDuplexPipe connection, CancellationToken cancellationToken = default)
        => HandshakeAsync(connection, client: false, expectedRemote: null, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _certificate.Dispose();

    private async ValueTask<ISecureConnection> HandshakeAsync(IDuplexPipe connection, bool client, PeerId? expectedRemote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var validator = new PeerCertificateValidator(expectedRemote);
        var ssl = new SslStream(new DuplexPipeStream(connection), leaveInnerStreamOpen: true);
        try
        {
            var chainPolicy = new X509ChainPolicy
            {
                RevocationMode = X509RevocationMode.NoCheck,
                DisableCertificateDownloads = true,
                TrustMode = X509ChainTrustMode.CustomRootTrust,
            };
            if (client)
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    // No SNI: libp2p peers are addressed by peer ID, not host name.
                    TargetHost = string.Empty,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    ApplicationProtocols = _alpn,
                    ClientCertificateContext = _certificateContext,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    CertificateChainPolicy = chainPolicy,
                    RemoteCertificateValidationCallback = validator.Validate,
                }, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    EnabledSslProtocols = SslProtocols.Tls13,
                    ApplicationProtocols = _alpn,
                    ServerCertificateContext = _certificateContext,
                    ClientCertificateRequired = true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    CertificateChainPolicy = chainPolicy,
                    RemoteCertificateValidationCallback = validator.Validate,
                }, timeout.Token).ConfigureAwait(false);
            }
            if (validator.RemoteKey is null)
            {
                throw validator.Failure ?? new TlsException("the remote certificate was never verified");
            }
            string? negotiated = ssl.NegotiatedApplicationProtocol == default ? null : ssl.NegotiatedApplicationProtocol.ToString();
            string? earlyMuxer = negotiated is null or Libp2pAlpn ? null : negotiated;
            if (earlyMuxer is not null && !_options.StreamMuxers.Contains(earlyMuxer, StringComparer.Ordinal))
            {
                throw new TlsException($"ALPN selected '{earlyMuxer}', which was never offered");
            }
            return new TlsSecureConnection(connection, ssl, _localPeer, validator.RemoteKey, earlyMuxer, _options.MaxBufferedBytes);
        }
        catch (Exception ex)
        {
            Exception error = ex switch
            {
                _ when validator.Failure is not null => validator.Failure,
                OperationCanceledException when !cancellationToken.IsCancellationRequested
                    => new TlsException($"TLS handshake timed out after {_options.HandshakeTimeout}", new TimeoutException(ex.Message, ex)),
                Libp2pException => ex,
                OperationCanceledException => ex,
                _ => new TlsException($"TLS handshake failed: {ex.Message}", ex),
            };
            await TlsSecureConnection.DisposeQuietlyAsync(ssl).ConfigureAwait(false);
            await connection.Output.CompleteAsync(error).ConfigureAwait(false);
            await connection.Input.CompleteAsync(error).ConfigureAwait(false);
            if (ReferenceEquals(error, ex))
            {
                throw;
            }
            throw error;
        }
    }
}
