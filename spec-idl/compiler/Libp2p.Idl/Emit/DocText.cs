using System.Text;

namespace Libp2p.Idl.Emit;

/// <summary>Turns IDL <c>doc</c> text (plain text, <c>`code`</c> spans) into doc comments of each target language.</summary>
internal static class DocText
{
    /// <summary>The lines of a C# XML doc element body: XML-escaped, backtick spans as <c>&lt;c&gt;</c>.</summary>
    public static string[] Xml(string text) => Lines(text).Select(line => Spans(line, EscapeXml, s => $"<c>{EscapeXml(s)}</c>")).ToArray();

    /// <summary>The lines of a JSDoc body: <c>*/</c> neutralised, backticks kept (TSDoc reads them as code).</summary>
    public static string[] JsDoc(string text) => Lines(text).Select(line => line.Replace("*/", "*\\/", StringComparison.Ordinal)).ToArray();

    /// <summary>Writes a <c>summary</c> (and optional <c>remarks</c>) XML doc comment.</summary>
    public static void Summary(CodeWriter w, string? doc, string? remarks = null)
    {
        string[] lines = Xml(doc ?? "");
        if (lines.Length <= 1)
        {
            w.Line($"/// <summary>{(lines.Length == 1 ? lines[0] : "")}</summary>");
        }
        else
        {
            w.Line("/// <summary>");
            foreach (string line in lines)
            {
                w.Line($"/// {line}");
            }
            w.Line("/// </summary>");
        }
        if (remarks is not null)
        {
            w.Line($"/// <remarks>{string.Join(" ", Xml(remarks))}</remarks>");
        }
    }

    /// <summary>Writes a JSDoc block, or nothing when there is no text.</summary>
    public static void Block(CodeWriter w, string? doc)
    {
        string[] lines = JsDoc(doc ?? "");
        if (lines.Length == 1)
        {
            w.Line($"/** {lines[0]} */");
        }
        else if (lines.Length > 1)
        {
            w.Line("/**");
            foreach (string line in lines)
            {
                w.Line($" * {line}");
            }
            w.Line(" */");
        }
    }

    public static string EscapeXml(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A C# regular string literal, quotes included.</summary>
    public static string CSharpString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static string Spans(string line, Func<string, string> plain, Func<string, string> code)
    {
        string[] parts = line.Split('`');
        if (parts.Length % 2 == 0)
        {
            // An unbalanced backtick is literal text, not the start of a code span.
            return plain(line);
        }
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append(i % 2 == 0 ? plain(parts[i]) : code(parts[i]));
        }
        return sb.ToString();
    }
}
