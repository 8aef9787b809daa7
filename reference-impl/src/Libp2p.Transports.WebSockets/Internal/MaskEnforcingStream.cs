using Libp2p.Transports.Tcp;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// A pass-through stream that validates the MASK bit of every incoming frame with a <see cref="FrameMaskValidator"/>
/// and fails the read on a violation. <see cref="System.Net.WebSockets.WebSocket"/> as a server accepts unmasked
/// client frames; RFC 6455 §5.1 requires closing the connection instead.
/// </summary>
internal sealed class MaskEnforcingStream(Stream inner, bool expectMasked) : Stream
{
    private readonly FrameMaskValidator _validator = new(expectMasked);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Check(buffer, inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(ReadOnlySpan<byte> buffer, int read)
    {
        if (!_validator.Advance(buffer[..read]))
        {
            throw new IOException($"WebSocket protocol violation: {_validator.Violation}",
                new TransportException(TransportErrorKind.HandshakeFailed, _validator.Violation!));
        }
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => inner.WriteAsync(buffer, offset, count, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
