using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

/// <summary>An outbound stream that gives its resource reservation back when disposed.</summary>
internal sealed class ReservedStream(IMuxedStream inner, StreamReservation reservation, Action<StreamReservation> released) : IMuxedStream
{
    public PipeReader Input => inner.Input;

    public PipeWriter Output => inner.Output;

    public long Id => inner.Id;

    public bool IsInitiator => inner.IsInitiator;

    public void Reset() => inner.Reset();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            reservation.Dispose();
            released(reservation);
        }
    }
}
