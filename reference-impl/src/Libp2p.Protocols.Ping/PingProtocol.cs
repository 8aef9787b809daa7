using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;

namespace Libp2p.Protocols.Ping;

/// <summary>
/// <c>/ipfs/ping/1.0.0</c> (libp2p/specs ping/ping.md): the dialer sends 32 random bytes, the listener echoes them;
/// the dialer may repeat on the same stream. Both sides work on a negotiated stream pipe.
/// </summary>
public static class PingProtocol
{
    /// <summary>The protocol ID.</summary>
    public const string Id = "/ipfs/ping/1.0.0";

    /// <summary>Size of every ping payload.</summary>
    public const int PayloadSize = 32;

    /// <summary>
    /// Listener side: echoes 32-byte payloads until the dialer closes its side, then closes ours
    /// (ping.md "Protocol": the listener loops reading 32 bytes and writing them back).
    /// </summary>
    public static async Task ServeAsync(IDuplexPipe stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (true)
        {
            ReadResult result = await stream.Input.ReadAtLeastAsync(PayloadSize, cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length < PayloadSize)
            {
                stream.Input.AdvanceTo(buffer.End);
                if (buffer.Length != 0)
                {
                    throw new ProtocolViolationException($"ping: stream ended inside a payload ({buffer.Length} of {PayloadSize} bytes)");
                }
                await stream.Output.CompleteAsync().ConfigureAwait(false);
                return;
            }
            ReadOnlySequence<byte> payload = buffer.Slice(0, PayloadSize);
            foreach (ReadOnlyMemory<byte> segment in payload)
            {
                stream.Output.Write(segment.Span);
            }
            stream.Input.AdvanceTo(payload.End);
            FlushResult flush = await stream.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Dialer side: sends one random payload and returns the round-trip time once the identical payload came
    /// back. Throws <see cref="ProtocolViolationException"/> when the echo differs or the stream ends early.
    /// </summary>
    public static async Task<TimeSpan> PingOnceAsync(IDuplexPipe stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] sent = new byte[PayloadSize];
        RandomNumberGenerator.Fill(sent);
        long start = Stopwatch.GetTimestamp();
        await stream.Output.WriteAsync(sent, cancellationToken).ConfigureAwait(false);
        ReadResult result = await stream.Input.ReadAtLeastAsync(PayloadSize, cancellationToken).ConfigureAwait(false);
        TimeSpan rtt = Stopwatch.GetElapsedTime(start);
        ReadOnlySequence<byte> buffer = result.Buffer;
        if (buffer.Length < PayloadSize)
        {
            stream.Input.AdvanceTo(buffer.End);
            throw new ProtocolViolationException($"ping: the remote closed the stream after {buffer.Length} of {PayloadSize} bytes");
        }
        Span<byte> received = stackalloc byte[PayloadSize];
        buffer.Slice(0, PayloadSize).CopyTo(received);
        stream.Input.AdvanceTo(buffer.GetPosition(PayloadSize));
        if (!received.SequenceEqual(sent))
        {
            throw new ProtocolViolationException("ping: the echoed payload differs from the one sent");
        }
        return rtt;
    }
}
