using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory.Internal;

namespace Libp2p.Transports.Memory;

/// <summary>
/// Two connected in-memory <see cref="IRawConnection"/> ends without any transport, for codec- and session-level
/// tests: what one end writes to <see cref="IDuplexPipe.Output"/> the other reads from <see cref="IDuplexPipe.Input"/>.
/// Completing an output half-closes that direction; <see cref="IRawConnection.Abort"/> resets both ends.
/// </summary>
public static class DuplexPipePair
{
    /// <summary>
    /// Creates two connected ends with the given pipe options (pause/resume thresholds, memory pool); by default
    /// 64 KiB pause and 32 KiB resume thresholds, so writers see backpressure as they would on a socket.
    /// </summary>
    public static (IRawConnection Local, IRawConnection Remote) Create(PipeOptions? options = null)
    {
        var (a, b) = MemoryConnection.CreatePair(
            Multiaddr.Parse("/memory/1"), Multiaddr.Parse("/memory/2"), options ?? DefaultPipeOptions);
        return (a, b);
    }

    /// <summary>Creates two connected ends whose pipes pause writers at <paramref name="pauseWriterThreshold"/> bytes.</summary>
    public static (IRawConnection Local, IRawConnection Remote) Create(long pauseWriterThreshold, long resumeWriterThreshold)
        => Create(new PipeOptions(
            pauseWriterThreshold: pauseWriterThreshold,
            resumeWriterThreshold: resumeWriterThreshold,
            useSynchronizationContext: false));

    /// <summary>The default options: 64 KiB pause, 32 KiB resume threshold.</summary>
    public static PipeOptions DefaultPipeOptions { get; } = new(
        pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false);
}
