namespace Libp2p.Conformance.Results;

/// <summary>A TRX file that is not well-formed XML, is too large, or lacks the elements a result needs.</summary>
public sealed class TrxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrxFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
