using System.IO.Pipelines;

namespace Libp2p.Core.Buffers;

/// <summary>Flushing a transport's receive pipe to whichever layer consumes it.</summary>
public static class ConsumerFlush
{
    /// <summary>
    /// Flushes what a receive loop wrote; false once the consumer is gone. A consumer that failed (for example a
    /// security handshake that completed its reader with the error) makes <see cref="PipeWriter.FlushAsync"/>
    /// rethrow that error: for the loop below it, that is "nobody reads any more", not a transport failure, so it
    /// must stop quietly rather than fault its task with somebody else's exception.
    /// </summary>
    public static async ValueTask<bool> FlushToConsumerAsync(this PipeWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        FlushResult flush;
        try
        {
            flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        return !(flush.IsCompleted || flush.IsCanceled);
    }
}
