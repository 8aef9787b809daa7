using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Libp2p.Security.Tls.Internal;

/// <summary>
/// A <see cref="Stream"/> view of a raw <see cref="IDuplexPipe"/> for <see cref="System.Net.Security.SslStream"/>.
/// It never completes the pipe: the TLS connection decides when each direction ends.
/// </summary>
internal sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
{
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return 0;
        }
        while (true)
        {
            ReadResult result = await pipe.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> data = result.Buffer;
            if (!data.IsEmpty)
            {
                if (buffer.IsEmpty)
                {
                    // SslStream waits with zero-byte reads: report readiness without consuming or examining.
                    pipe.Input.AdvanceTo(data.Start);
                    return 0;
                }
                int count = (int)Math.Min(data.Length, buffer.Length);
                data.Slice(0, count).CopyTo(buffer.Span);
                pipe.Input.AdvanceTo(data.GetPosition(count));
                return count;
            }
            pipe.Input.AdvanceTo(data.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                // Sticky: a cancelled read (our disposal) must not be swallowed by a zero-byte probe.
                _ended = true;
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        FlushResult result = await pipe.Output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("the remote closed the connection");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => pipe.Output.FlushAsync(cancellationToken).AsTask();

    // SslStream only uses the async members here; blocking variants exist solely to honour the Stream contract.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
