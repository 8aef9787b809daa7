using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Plaintext.Internal;

namespace Libp2p.Security.Plaintext;

/// <summary>
/// The insecure <c>/plaintext/2.0.0</c> channel (libp2p/specs plaintext/README.md): both sides send a
/// length-prefixed <c>Exchange { id, pubkey }</c>; the remote's ID must be derived from its key. No encryption,
/// no authentication beyond that claim: for tests only.
/// </summary>
public sealed class PlaintextProtocol : ISecurityProtocol
{
    /// <summary>The multistream protocol ID.</summary>
    public const string Id = "/plaintext/2.0.0";

    private readonly PublicKey _localKey;
    private readonly PeerId _localPeer;
    private readonly PlaintextOptions _options;

    /// <summary>Creates the protocol for the local identity.</summary>
    public PlaintextProtocol(PrivateKey identity, PlaintextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _localKey = identity.PublicKey;
        _localPeer = PeerId.FromPublicKey(_localKey);
        _options = options ?? new PlaintextOptions();
    }

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureOutboundAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken = default)
        => ExchangeAsync(connection, expectedRemote, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureInboundAsync(IDuplexPipe connection, CancellationToken cancellationToken = default)
        => ExchangeAsync(connection, null, cancellationToken);

    private async ValueTask<ISecureConnection> ExchangeAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            PlaintextExchangeCodec.Write(connection.Output, _localKey);
            FlushResult flush = await connection.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new PlaintextException("connection closed by the remote during the exchange");
            }
            while (true)
            {
                ReadResult result = await connection.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                PublicKey remoteKey;
                PeerId remotePeer;
                bool done;
                try
                {
                    done = PlaintextExchangeCodec.TryRead(ref buffer, _options.MaxExchangeLength, out remoteKey, out remotePeer);
                }
                catch
                {
                    connection.Input.AdvanceTo(buffer.Start, buffer.End);
                    throw;
                }
                if (!done)
                {
                    connection.Input.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        throw new PlaintextException("connection closed before the remote's Exchange was complete");
                    }
                    continue;
                }
                // Bytes after the Exchange belong to the next protocol: leave them unconsumed and unexamined.
                connection.Input.AdvanceTo(buffer.Start);
                {
                    if (expectedRemote is not null && !expectedRemote.Equals(remotePeer))
                    {
                        throw new PeerIdMismatchException(expectedRemote.ToString()!, remotePeer.ToString()!);
                    }
                    return new PlaintextSecureConnection(connection, _localPeer, remotePeer, remoteKey);
                }
            }
        }
        catch (Exception ex)
        {
            Exception error = ex switch
            {
                Libp2pException => ex,
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException => new PlaintextException($"plaintext exchange timed out after {_options.HandshakeTimeout}", new TimeoutException(ex.Message, ex)),
                _ => new PlaintextException($"plaintext exchange failed: {ex.Message}", ex),
            };
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
