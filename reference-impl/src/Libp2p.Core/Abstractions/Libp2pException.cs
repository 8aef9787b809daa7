namespace Libp2p.Core.Abstractions;

/// <summary>
/// Base of every protocol-level failure raised by the reference stack. The specific exceptions derive from it
/// and are generated from the <c>errors</c> of spec-idl/modules/*.yaml (spec-idl/README.md).
/// </summary>
public class Libp2pException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Libp2pException(string message, Exception? inner = null) : base(message, inner) { }
}
