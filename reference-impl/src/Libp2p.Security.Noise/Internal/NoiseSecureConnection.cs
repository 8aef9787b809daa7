using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Identity;
using Libp2p.Core.Security;

namespace Libp2p.Security.Noise.Internal;

/// <summary>
/// The Noise transport phase as a pipe-to-pipe duplex (libp2p/specs noise/README.md "Wire Format"): the read pump
/// decrypts frames from the raw input into <see cref="PumpedSecureConnection.Input"/>, the write pump chunks
/// <see cref="PumpedSecureConnection.Output"/> into frames of at most 65535 bytes. Completing the output
/// half-closes the raw output; a failed authentication faults the input and tears both directions down.
/// </summary>
internal sealed class NoiseSecureConnection : PumpedSecureConnection
{
    private readonly NoiseTransportState _transport;

    public NoiseSecureConnection(IDuplexPipe raw, NoiseTransportState transport, PeerId localPeer, RemoteIdentity remote, string? earlyMuxer, int maxBufferedBytes)
        : base(raw, localPeer, remote.PeerId, remote.Key, earlyMuxer, maxBufferedBytes)
    {
        _transport = transport;
        StartPumps();
    }

    protected override Exception ChannelError(string message, Exception? inner) => new NoiseException(message, inner);

    protected override ValueTask DisposeChannelAsync()
    {
        _transport.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override async Task ReadPumpAsync()
    {
        PipeReader input = Raw.Input;
        PipeWriter app = PlaintextIn;
        byte[]? scratch = null;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(AbortToken).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (NoiseFrameCodec.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
                    {
                        int length = (int)frame.Length;
                        if (length < NoiseTransportState.TagLength)
                        {
                            throw new NoiseException($"transport message of {length} bytes is shorter than the tag");
                        }
                        ReadOnlySpan<byte> ciphertext;
                        if (frame.IsSingleSegment)
                        {
                            ciphertext = frame.FirstSpan;
                        }
                        else
                        {
                            scratch ??= ArrayPool<byte>.Shared.Rent(NoiseTransportState.MaxMessageLength);
                            frame.CopyTo(scratch);
                            ciphertext = scratch.AsSpan(0, length);
                        }
                        Span<byte> destination = app.GetSpan(length - NoiseTransportState.TagLength);
                        app.Advance(_transport.Decrypt(ciphertext, destination));
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                FlushResult flush = await app.FlushAsync(AbortToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new NoiseException("connection closed in the middle of a Noise message");
                    }
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = DescribeFailure(ex);
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await input.CompleteAsync(error).ConfigureAwait(false);
        if (error is not null)
        {
            // A forged or corrupted message means the session is compromised: close the write side too.
            Abort();
        }
    }

    protected override async Task WritePumpAsync()
    {
        PipeReader app = PlaintextOut;
        PipeWriter output = Raw.Output;
        byte[]? scratch = null;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await app.ReadAsync(AbortToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    int chunk = (int)Math.Min(buffer.Length, NoiseTransportState.MaxPlaintextLength);
                    ReadOnlySequence<byte> slice = buffer.Slice(0, chunk);
                    ReadOnlySpan<byte> plaintext;
                    if (slice.IsSingleSegment)
                    {
                        plaintext = slice.FirstSpan;
                    }
                    else
                    {
                        scratch ??= ArrayPool<byte>.Shared.Rent(NoiseTransportState.MaxPlaintextLength);
                        slice.CopyTo(scratch);
                        plaintext = scratch.AsSpan(0, chunk);
                    }
                    Span<byte> destination = output.GetSpan(NoiseFrameCodec.HeaderLength + chunk + NoiseTransportState.TagLength);
                    int written = _transport.Encrypt(plaintext, destination[NoiseFrameCodec.HeaderLength..]);
                    NoiseFrameCodec.WriteHeader(destination, written);
                    output.Advance(NoiseFrameCodec.HeaderLength + written);
                    buffer = buffer.Slice(chunk);
                }
                bool hadData = !result.Buffer.IsEmpty;
                app.AdvanceTo(result.Buffer.End);
                if (hadData)
                {
                    FlushResult flush = await output.FlushAsync(AbortToken).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = DescribeFailure(ex);
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        await app.CompleteAsync(error).ConfigureAwait(false);
        await output.CompleteAsync(error).ConfigureAwait(false);
    }
}
