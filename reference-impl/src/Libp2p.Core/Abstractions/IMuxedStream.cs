using System.IO.Pipelines;

namespace Libp2p.Core.Abstractions;

/// <summary>
/// One muxed stream. Completing <see cref="IDuplexPipe.Output"/> half-closes our side (FIN / CloseInitiator);
/// the input completes when the remote half-closes, or faults with <see cref="StreamResetException"/> on a reset.
/// </summary>
public interface IMuxedStream : IDuplexPipe, IAsyncDisposable
{
    /// <summary>The muxer's stream ID.</summary>
    long Id { get; }

    /// <summary>Whether we opened this stream.</summary>
    bool IsInitiator { get; }

    /// <summary>Aborts both directions and tells the remote (yamux RST, mplex Reset).</summary>
    void Reset();
}
