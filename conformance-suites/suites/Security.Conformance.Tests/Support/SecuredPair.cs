using Libp2p.Core.Abstractions;

namespace Security.Conformance.Tests.Support;

/// <summary>Both ends of a secured connection and the raw pair under them.</summary>
public sealed class SecuredPair(ISecureConnection dialer, ISecureConnection listener, IAsyncDisposable raw) : IAsyncDisposable
{
    /// <summary>The dialer's secured connection.</summary>
    public ISecureConnection Dialer { get; } = dialer;

    /// <summary>The listener's secured connection.</summary>
    public ISecureConnection Listener { get; } = listener;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Listener.DisposeAsync();
        await raw.DisposeAsync();
    }
}
