using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Conformance.Wire;

/// <summary>A tester connection after the security handshake: the raw connection below and the secured channel.</summary>
public sealed class WireSecuredChannel(IRawConnection raw, ISecureConnection secure) : IAsyncDisposable
{
    /// <summary>The TCP connection (write here to put bytes on the wire that bypass the security layer).</summary>
    public IRawConnection Raw { get; } = raw;

    /// <summary>The secured channel.</summary>
    public ISecureConnection Secure { get; } = secure;

    /// <summary>The secured channel as a pipe, for raw muxer frames.</summary>
    public IDuplexPipe Pipe => Secure;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Secure.DisposeAsync().ConfigureAwait(false);
        await Raw.DisposeAsync().ConfigureAwait(false);
    }
}
