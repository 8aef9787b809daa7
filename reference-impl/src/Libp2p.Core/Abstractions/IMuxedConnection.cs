namespace Libp2p.Core.Abstractions;

/// <summary>A running muxer session.</summary>
public interface IMuxedConnection : IAsyncDisposable
{
    /// <summary>Opens a new outbound stream.</summary>
    ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits for the next inbound stream; throws <see cref="MuxerClosedException"/> once the session has ended.</summary>
    ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>Completes when the session has ended, for any reason.</summary>
    Task Completion { get; }

    /// <summary>Closes the session gracefully (yamux GoAway, then close).</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);
}
