using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Noise.Internal;

namespace Libp2p.Security.Noise;

/// <summary>
/// The libp2p Noise secure channel <c>/noise</c> (libp2p/specs noise/README.md, r5):
/// <c>Noise_XX_25519_ChaChaPoly_SHA256</c> with an empty prologue, the signed libp2p handshake payload in
/// messages 2 and 3, early muxer negotiation through <c>NoiseExtensions.stream_muxers</c>
/// (connections/inlined-muxer-negotiation.md), and 2-byte big-endian framing.
/// </summary>
public sealed class NoiseProtocol : ISecurityProtocol
{
    /// <summary>The multistream protocol ID.</summary>
    public const string Id = "/noise";

    private readonly NoiseOptions _options;
    private readonly NoiseKeyPair _staticKey;
    private readonly byte[] _payload;
    private readonly PeerId _localPeer;

    /// <summary>Creates the protocol for the local identity; the static Noise key is generated once per instance.</summary>
    public NoiseProtocol(PrivateKey identity, NoiseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _options = options ?? new NoiseOptions();
        _staticKey = NoiseKeyPair.Generate();
        _payload = NoisePayload.Create(identity, _staticKey.PublicKey, _options.StreamMuxers);
        _localPeer = PeerId.FromPublicKey(identity.PublicKey);
    }

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureOutboundAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken = default)
        => HandshakeAsync(connection, initiator: true, expectedRemote, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ISecureConnection> SecureInboundAsync(IDuplexPipe connection, CancellationToken cancellationToken = default)
        => HandshakeAsync(connection, initiator: false, expectedRemote: null, cancellationToken);

    private async ValueTask<ISecureConnection> HandshakeAsync(IDuplexPipe connection, bool initiator, PeerId? expectedRemote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        CancellationToken token = timeout.Token;
        byte[] message = ArrayPool<byte>.Shared.Rent(NoiseHandshakeState.MaxMessageLength);
        byte[] payload = ArrayPool<byte>.Shared.Rent(NoiseHandshakeState.MaxMessageLength);
        using NoiseHandshakeState handshake = initiator
            ? NoiseHandshakeState.CreateInitiator(_staticKey, _options.Prologue.Span)
            : NoiseHandshakeState.CreateResponder(_staticKey, _options.Prologue.Span);
        try
        {
            RemoteIdentity remote;
            string? earlyMuxer;
            if (initiator)
            {
                await WriteMessageAsync(connection.Output, handshake, ReadOnlyMemory<byte>.Empty, token).ConfigureAwait(false);
                int length = await ReadMessageAsync(connection.Input, message, token).ConfigureAwait(false);
                int payloadLength = handshake.ReadMessage(message.AsSpan(0, length), payload);
                remote = NoisePayload.Verify(payload.AsSpan(0, payloadLength), handshake.RemoteStaticKey);
                if (expectedRemote is not null && !expectedRemote.Equals(remote.PeerId))
                {
                    throw new PeerIdMismatchException(expectedRemote.ToString()!, remote.PeerId.ToString()!);
                }
                earlyMuxer = MuxerSelection.Select(_options.StreamMuxers, remote.StreamMuxers);
                await WriteMessageAsync(connection.Output, handshake, _payload, token).ConfigureAwait(false);
            }
            else
            {
                // libp2p puts no payload in message 1; anything there is ignored, never interpreted.
                int length = await ReadMessageAsync(connection.Input, message, token).ConfigureAwait(false);
                handshake.ReadMessage(message.AsSpan(0, length), payload);
                await WriteMessageAsync(connection.Output, handshake, _payload, token).ConfigureAwait(false);
                length = await ReadMessageAsync(connection.Input, message, token).ConfigureAwait(false);
                int payloadLength = handshake.ReadMessage(message.AsSpan(0, length), payload);
                remote = NoisePayload.Verify(payload.AsSpan(0, payloadLength), handshake.RemoteStaticKey);
                earlyMuxer = MuxerSelection.Select(remote.StreamMuxers, _options.StreamMuxers);
            }
            NoiseTransportState transport = handshake.Split();
            return new NoiseSecureConnection(connection, transport, _localPeer, remote, earlyMuxer, _options.MaxBufferedBytes);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = new NoiseException($"Noise handshake timed out after {_options.HandshakeTimeout}", new TimeoutException(ex.Message, ex));
            await FailAsync(connection, error).ConfigureAwait(false);
            throw error;
        }
        catch (Exception ex) when (ex is Libp2pException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await FailAsync(connection, ex).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            // Transport failures (reset, broken pipe) surface as the channel's typed error, cause attached.
            var error = new NoiseException($"Noise handshake failed: {ex.Message}", ex);
            await FailAsync(connection, error).ConfigureAwait(false);
            throw error;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static async ValueTask WriteMessageAsync(PipeWriter output, NoiseHandshakeState handshake, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        int length = handshake.GetNextMessageLength(payload.Length);
        Span<byte> span = output.GetSpan(NoiseFrameCodec.HeaderLength + length);
        int written = handshake.WriteMessage(payload.Span, span[NoiseFrameCodec.HeaderLength..]);
        NoiseFrameCodec.WriteHeader(span, written);
        output.Advance(NoiseFrameCodec.HeaderLength + written);
        FlushResult flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new NoiseException("connection closed by the remote during the handshake");
        }
    }

    private static async ValueTask<int> ReadMessageAsync(PipeReader input, byte[] destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (NoiseFrameCodec.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
            {
                int length = (int)frame.Length;
                frame.CopyTo(destination);
                input.AdvanceTo(buffer.Start);
                return length;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                long pending = buffer.Length;
                input.AdvanceTo(buffer.Start, buffer.End);
                throw new NoiseException(pending == 0
                    ? "connection closed before the next handshake message"
                    : $"connection closed inside a handshake message ({pending} bytes of a truncated frame)");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async ValueTask FailAsync(IDuplexPipe connection, Exception error)
    {
        await connection.Output.CompleteAsync(error).ConfigureAwait(false);
        await connection.Input.CompleteAsync(error).ConfigureAwait(false);
    }
}
