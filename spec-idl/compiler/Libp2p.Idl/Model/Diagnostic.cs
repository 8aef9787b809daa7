namespace Libp2p.Idl.Model;

/// <summary>One validation error of the IDL, printed as <c>file:line:column: message</c>.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record Diagnostic(SourceLocation Location, string Message)
{
    /// <summary>Formats as <c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{Location}: {Message}";
}
