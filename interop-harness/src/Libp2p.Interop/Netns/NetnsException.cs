namespace Libp2p.Interop.Netns;

/// <summary>A network-namespace operation (<c>ip</c>, <c>iptables</c>, the delay helper) failed; the message carries the command's stderr.</summary>
public sealed class NetnsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetnsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NetnsException(string message, Exception inner) : base(message, inner)
    {
    }
}
