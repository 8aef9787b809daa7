using System.IO.Pipelines;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Abstractions;

/// <summary>
/// A transport connection before security: a duplex byte pipe. Completing <see cref="IDuplexPipe.Output"/>
/// half-closes (TCP <c>Shutdown(Send)</c>); the input completes when the remote half-closes.
/// </summary>
public interface IRawConnection : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Local address of the connection.</summary>
    Multiaddr LocalAddress { get; }

    /// <summary>Remote address of the connection.</summary>
    Multiaddr RemoteAddress { get; }

    /// <summary>Tears the connection down at once (TCP RST where possible); pending reads and writes fail.</summary>
    void Abort();
}
