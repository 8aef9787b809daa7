using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;

namespace Libp2p.Protocols.Echo;

/// <summary>
/// <c>/echo/1.0.0</c>, the test protocol of js-libp2p's <c>@libp2p/echo</c> and rust-libp2p's stream tests:
/// the listener writes back every byte it reads and closes its side when the dialer closes its own.
/// </summary>
public static class EchoProtocol
{
    /// <summary>The protocol ID.</summary>
    public const string Id = "/echo/1.0.0";

    /// <summary>Listener side: copies input to output until the remote half-closes.</summary>
    public static async Task ServeAsync(IDuplexPipe stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (true)
        {
            ReadResult result = await stream.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                stream.Output.Write(segment.Span);
            }
            stream.Input.AdvanceTo(result.Buffer.End);
            FlushResult flush = await stream.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted || flush.IsCompleted)
            {
                break;
            }
        }
        await stream.Output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Dialer side: sends <paramref name="byteCount"/> random bytes while reading the echo concurrently, half-closes,
    /// and verifies every byte came back in order. Returns the number of bytes verified.
    /// </summary>
    public static async Task<long> RoundTripAsync(IDuplexPipe stream, long byteCount, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        Task send = SendAsync(stream.Output, byteCount, seed, cancellationToken);
        long verified = await VerifyAsync(stream.Input, byteCount, seed, cancellationToken).ConfigureAwait(false);
        await send.ConfigureAwait(false);
        return verified;
    }

    private static async Task SendAsync(PipeWriter output, long byteCount, int seed, CancellationToken cancellationToken)
    {
        var pattern = new PatternGenerator(seed);
        long remaining = byteCount;
        while (remaining > 0)
        {
            int chunk = (int)Math.Min(remaining, 64 * 1024);
            Memory<byte> memory = output.GetMemory(chunk);
            pattern.Fill(memory.Span[..chunk]);
            output.Advance(chunk);
            remaining -= chunk;
            FlushResult flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new ProtocolViolationException("echo: the remote stopped reading before all bytes were sent");
            }
        }
        await output.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task<long> VerifyAsync(PipeReader input, long byteCount, int seed, CancellationToken cancellationToken)
    {
        var pattern = new PatternGenerator(seed);
        byte[] expected = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long received = 0;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    ReadOnlySpan<byte> span = segment.Span;
                    while (!span.IsEmpty)
                    {
                        int n = Math.Min(span.Length, expected.Length);
                        if (received + n > byteCount)
                        {
                            throw new ProtocolViolationException($"echo: received more than the {byteCount} bytes sent");
                        }
                        pattern.Fill(expected.AsSpan(0, n));
                        if (!span[..n].SequenceEqual(expected.AsSpan(0, n)))
                        {
                            throw new ProtocolViolationException($"echo: byte mismatch in the range starting at offset {received}");
                        }
                        received += n;
                        span = span[n..];
                    }
                }
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(expected);
        }
        return received == byteCount
            ? received
            : throw new ProtocolViolationException($"echo: the stream ended after {received} of {byteCount} bytes");
    }

    /// <summary>A deterministic byte stream (xorshift) so the verifier needs no copy of what was sent.</summary>
    private sealed class PatternGenerator(int seed)
    {
        private ulong _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL | 1;

        public void Fill(Span<byte> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                destination[i] = (byte)_state;
            }
        }
    }

    /// <summary>Returns a random seed for <see cref="RoundTripAsync"/>.</summary>
    public static int NewSeed() => RandomNumberGenerator.GetInt32(int.MaxValue);
}
