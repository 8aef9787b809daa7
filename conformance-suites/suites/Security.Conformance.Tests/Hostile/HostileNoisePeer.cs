using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Libp2p.Core.Protos;
using Libp2p.Security.Noise;
using Security.Conformance.Tests.Support;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;

namespace Security.Conformance.Tests.Hostile;

/// <summary>A hand-driven Noise peer built on the sans-IO handshake, able to send forged payloads.</summary>
internal static class HostileNoisePeer
{
    public static byte[] Payload(PrivateKey keyHolder, PrivateKey signer, ReadOnlySpan<byte> signedStaticKey) => new NoiseHandshakePayload
    {
        IdentityKey = ByteString.CopyFrom(keyHolder.PublicKey.ToProtobuf()),
        IdentitySig = ByteString.CopyFrom(signer.Sign([.. "noise-libp2p-static-key:"u8, .. signedStaticKey])),
    }.ToByteArray();

    /// <summary>Runs the initiator side; <paramref name="payloadFor"/> gets our static key and builds message 3's payload.</summary>
    public static async Task<NoiseTransportState> InitiateAsync(IDuplexPipe pipe, NoiseKeyPair staticKey, Func<byte[], byte[]> payloadFor, CancellationToken cancellationToken)
    {
        using var handshake = NoiseHandshakeState.CreateInitiator(staticKey);
        var buffer = new byte[NoiseHandshakeState.MaxMessageLength];
        await SendAsync(pipe.Output, buffer, handshake.WriteMessage([], buffer), cancellationToken);
        byte[] message2 = await ReceiveAsync(pipe.Input, cancellationToken);
        handshake.ReadMessage(message2, buffer);
        await SendAsync(pipe.Output, buffer, handshake.WriteMessage(payloadFor(staticKey.PublicKey.ToArray()), buffer), cancellationToken);
        return handshake.Split();
    }

    /// <summary>Runs the responder side up to sending message 2 with <paramref name="payload"/>.</summary>
    public static async Task<NoiseHandshakeState> RespondAsync(IDuplexPipe pipe, NoiseKeyPair staticKey, Func<byte[], byte[]> payloadFor, CancellationToken cancellationToken)
    {
        var handshake = NoiseHandshakeState.CreateResponder(staticKey);
        var buffer = new byte[NoiseHandshakeState.MaxMessageLength];
        handshake.ReadMessage(await ReceiveAsync(pipe.Input, cancellationToken), buffer);
        await SendAsync(pipe.Output, buffer, handshake.WriteMessage(payloadFor(staticKey.PublicKey.ToArray()), buffer), cancellationToken);
        return handshake;
    }

    public static async Task SendAsync(PipeWriter output, byte[] message, int length, CancellationToken cancellationToken)
    {
        var frame = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)length);
        message.AsSpan(0, length).CopyTo(frame.AsSpan(2));
        await output.WriteAsync(frame, cancellationToken);
    }

    public static async Task<byte[]> ReceiveAsync(PipeReader input, CancellationToken cancellationToken)
    {
        byte[] header = await PipeIo.ReadExactlyAsync(input, 2, cancellationToken);
        return await PipeIo.ReadExactlyAsync(input, BinaryPrimitives.ReadUInt16BigEndian(header), cancellationToken);
    }

    /// <summary>Whether the remote closed or aborted the connection (input completed or faulted) within the timeout.</summary>
    public static async Task<bool> IsClosedAsync(PipeReader input)
    {
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(cts.Token);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }
}
