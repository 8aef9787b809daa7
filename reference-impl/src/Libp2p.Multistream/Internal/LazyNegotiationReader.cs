using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Multistream.Internal;

/// <summary>
/// Reader of an optimistically negotiated stream: its first read consumes the listener's header and
/// protocol echo, and fails with <see cref="ProtocolNotSupportedException"/> on <c>na</c>.
/// </summary>
internal sealed class LazyNegotiationReader(PipeReader inner, string protocol) : PipeReader
{
    private bool _confirmed;
    private Exception? _failure;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_confirmed)
        {
            await ConfirmAsync(cancellationToken).ConfigureAwait(false);
        }
        return await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_confirmed)
        {
            result = default;
            return false;
        }
        return inner.TryRead(out result);
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async ValueTask ConfirmAsync(CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            throw _failure;
        }
        try
        {
            string header = await MessageIO.ReadMessageAsync(inner, cancellationToken).ConfigureAwait(false);
            if (header != MultistreamCodec.ProtocolId)
            {
                throw new ProtocolViolationException($"multistream-select: unexpected header '{header}'");
            }
            string answer = await MessageIO.ReadMessageAsync(inner, cancellationToken).ConfigureAwait(false);
            if (answer == MultistreamCodec.NotAvailable)
            {
                throw new ProtocolNotSupportedException($"multistream-select: the remote does not support {protocol}");
            }
            if (answer != protocol)
            {
                throw new ProtocolViolationException($"multistream-select: expected '{protocol}' or 'na', got '{answer}'");
            }
            _confirmed = true;
        }
        catch (Libp2pException e)
        {
            _failure = e;
            throw;
        }
    }
}
