using System.Text;

namespace Libp2p.Idl.Emit;

/// <summary>Builds generated source text with <c>\n</c> line endings and four-space indentation (stable across platforms).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }
        _text.Append('\n');
        return this;
    }

    public CodeWriter Open(string line = "{")
    {
        Line(line);
        _indent++;
        return this;
    }

    public CodeWriter Close(string line = "}")
    {
        _indent--;
        return Line(line);
    }

    public override string ToString() => _text.ToString();
}
