using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Daemon;

namespace Daemon.Conformance.Tests;

/// <summary>Moving test data through a daemon stream (a socket) and a libp2p stream (a pipe) and checking it.</summary>
internal static class StreamBytes
{
    /// <summary>Random bytes big enough to cross several muxer frames and windows.</summary>
    public static byte[] Payload(int length = 300 * 1024) => RandomNumberGenerator.GetBytes(length);

    /// <summary>
    /// Writes <paramref name="data"/> to <paramref name="stream"/> while reading the same number of bytes back, then
    /// closes the sending half and returns what came back once the stream ends. The echo is awaited before closing
    /// because the control protocol does not say whether a half-closed socket still carries the other direction.
    /// </summary>
    public static async Task<byte[]> EchoRoundTripAsync(DaemonStream stream, byte[] data, CancellationToken cancellationToken)
    {
        Task<byte[]> reading = ReadAsync(stream.Stream, data.Length, cancellationToken);
        await stream.Stream.WriteAsync(data, cancellationToken);
        byte[] echoed = await reading;
        stream.CloseWrite();
        byte[] rest = await ReadAsync(stream.Stream, int.MaxValue, cancellationToken);
        return [.. echoed, .. rest];
    }

    /// <summary>The same through a libp2p stream: write, read the echo, complete the writer, read to the end.</summary>
    public static async Task<byte[]> EchoRoundTripAsync(IDuplexPipe pipe, byte[] data, CancellationToken cancellationToken)
    {
        Stream input = pipe.Input.AsStream();
        Task<byte[]> reading = ReadAsync(input, data.Length, cancellationToken);
        await pipe.Output.WriteAsync(data, cancellationToken);
        byte[] echoed = await reading;
        await pipe.Output.CompleteAsync();
        byte[] rest = await ReadAsync(input, int.MaxValue, cancellationToken);
        return [.. echoed, .. rest];
    }

    /// <summary>Echoes everything read from <paramref name="stream"/> back to it, then closes its sending half.</summary>
    public static async Task EchoAsync(DaemonStream stream, CancellationToken cancellationToken)
    {
        await stream.Stream.CopyToAsync(stream.Stream, cancellationToken);
        stream.CloseWrite();
    }

    // Reads until `limit` bytes arrived or the stream ended.
    private static async Task<byte[]> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (received.Length < limit)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - received.Length)), cancellationToken);
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
        }
        return received.ToArray();
    }
}
