namespace Libp2p.Conformance.Wire;

/// <summary>The target broke a requirement on the wire; the message says what was expected and what was observed.</summary>
public sealed class WireViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireViolationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the error that revealed the violation.</summary>
    public WireViolationException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Hex of at most <paramref name="max"/> bytes, for "observed bytes" in messages.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes, int max = 64) =>
        bytes.Length <= max ? Convert.ToHexStringLower(bytes) : $"{Convert.ToHexStringLower(bytes[..max])}... ({bytes.Length} bytes)";
}
