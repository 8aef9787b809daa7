using System.Text;
using System.Xml;

namespace Libp2p.Conformance.Reporting;

/// <summary>Makes arbitrary test output safe for XML 1.0 text and attributes.</summary>
internal static class XmlText
{
    /// <summary>Replaces characters XML 1.0 forbids (control characters, lone surrogates) with U+FFFD.</summary>
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool ok;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                ok = true;
                width = 2;
            }
            else
            {
                ok = XmlConvert.IsXmlChar(c);
            }
            if (!ok)
            {
                builder ??= new StringBuilder(text, 0, i, text.Length);
                builder.Append('\uFFFD');
            }
            else
            {
                builder?.Append(text, i, width);
            }
            i += width - 1;
        }
        return builder?.ToString() ?? text;
    }
}
