namespace Libp2p.Core.Multiformats;

/// <summary>A multibase (or bare base-N) string could not be decoded: unknown prefix, bad character, bad length or padding.</summary>
public sealed class MultibaseFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MultibaseFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MultibaseFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MultibaseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
