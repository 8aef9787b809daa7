namespace Libp2p.Idl.Model;

/// <summary>A position in a module file; line and column are 1-based, as in YAML parser marks.</summary>
/// <param name="File">The file path as given to the loader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>Formats as <c>file:line:column</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
