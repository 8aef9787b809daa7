using Libp2p.Core.Abstractions;

namespace Libp2p.Protocols.Perf;

/// <summary>
/// A <c>/perf/1.0.0</c> exchange broke the protocol (libp2p/specs perf/perf.md "Protocol"): a truncated size
/// prefix, a download of the wrong length, or a request beyond the server's configured cap.
/// </summary>
public sealed class PerfProtocolException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public PerfProtocolException(string message, Exception? inner = null) : base(message, inner) { }
}
