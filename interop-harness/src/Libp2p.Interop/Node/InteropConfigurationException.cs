namespace Libp2p.Interop.Node;

/// <summary>A node's environment, an implementations file or a known-failures file is invalid; the message says which value and why.</summary>
public sealed class InteropConfigurationException : Exception
{
    /// <summary>Creates the exception with a one-line reason.</summary>
    public InteropConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line reason and its cause.</summary>
    public InteropConfigurationException(string message, Exception inner) : base(message, inner)
    {
    }
}
