namespace Libp2p.Core.Multiformats;

/// <summary>
/// A multiaddr string or byte sequence is invalid (multiformats/multiaddr README "Specification"):
/// unknown protocol, missing or malformed value, truncation, or a size limit exceeded.
/// </summary>
public sealed class MultiaddrFormatException : FormatException
{
    /// <summary>Creates the exception for a problem in one component (<paramref name="component"/> is the protocol name or code).</summary>
    public MultiaddrFormatException(string? component, string problem)
        : base(component is null ? $"invalid multiaddr: {problem}" : $"invalid multiaddr component /{component}: {problem}")
    {
        Component = component;
        Problem = problem;
    }

    /// <summary>Creates the exception.</summary>
    public MultiaddrFormatException()
    {
        Problem = Message;
    }

    /// <summary>Creates the exception.</summary>
    public MultiaddrFormatException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the exception.</summary>
    public MultiaddrFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>The protocol name (or numeric code when unknown) of the offending component; null for whole-address problems.</summary>
    public string? Component { get; }

    /// <summary>What is wrong, without the component prefix.</summary>
    public string Problem { get; }
}
