using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Libp2p.Conformance.Results;

/// <summary>
/// Reads Visual Studio test result files (TRX, schema <c>http://microsoft.com/schemas/VisualStudio/TeamTest/2010</c>)
/// as written by <c>dotnet test --logger trx</c>: every <c>Results/UnitTestResult</c> joined by <c>testId</c> with its
/// <c>TestDefinitions/UnitTest/TestMethod</c> (class name, method name, assembly). Run NUnit with
/// <see cref="NUnitRunSettings"/> so that <c>TestMethod/@name</c> is the method even for named test cases. The file is bounded in size, DTDs
/// are refused, and long messages are truncated; any problem is a <see cref="TrxFormatException"/>.
/// </summary>
public static class TrxParser
{
    /// <summary>The TRX XML namespace.</summary>
    public const string Namespace = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>Largest TRX accepted, in characters (and bytes for files).</summary>
    public const long MaxDocumentCharacters = 256L * 1024 * 1024;

    /// <summary>Longest message or stack trace kept per result; the rest is cut and marked.</summary>
    public const int MaxMessageLength = 16 * 1024;

    /// <summary>
    /// NUnit adapter settings (passed after <c>--</c> to <c>dotnet test</c>) that keep the method name in
    /// <c>TestMethod/@name</c> for parameterised and named test cases, with unique test IDs.
    /// </summary>
    public static IReadOnlyList<string> NUnitRunSettings { get; } =
        ["NUnit.UseParentFQNForParametrizedTests=true", "NUnit.UseNUnitIdforTestCaseId=true"];

    private static readonly XNamespace Ns = Namespace;

    /// <summary>Parses the TRX file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TestResultRecord> ParseFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrxFormatException($"{path}: no such TRX file");
        }
        if (info.Length > MaxDocumentCharacters)
        {
            throw new TrxFormatException($"{path}: {info.Length} bytes is larger than the {MaxDocumentCharacters}-byte limit");
        }
        using FileStream stream = info.OpenRead();
        try
        {
            return Parse(stream);
        }
        catch (TrxFormatException ex)
        {
            throw new TrxFormatException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a TRX document from <paramref name="stream"/>.</summary>
    public static IReadOnlyList<TestResultRecord> Parse(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDocumentCharacters,
            MaxCharactersFromEntities = 1024,
            CloseInput = false,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new TrxFormatException($"not well-formed XML: {ex.Message}", ex);
        }
        return Read(document);
    }

    private static List<TestResultRecord> Read(XDocument document)
    {
        XElement root = document.Root ?? throw new TrxFormatException("the document has no root element");
        if (root.Name != Ns + "TestRun")
        {
            throw new TrxFormatException($"the root element is {root.Name}, expected TestRun in namespace {Namespace}");
        }
        var definitions = new Dictionary<string, XElement>(StringComparer.OrdinalIgnoreCase);
        foreach (XElement unitTest in root.Elements(Ns + "TestDefinitions").Elements(Ns + "UnitTest"))
        {
            string id = Required(unitTest, "id", "UnitTest");
            XElement method = unitTest.Element(Ns + "TestMethod")
                ?? throw new TrxFormatException($"UnitTest {id} has no TestMethod");
            definitions[id] = method;
        }
        var results = new List<TestResultRecord>();
        foreach (XElement result in root.Elements(Ns + "Results").Elements(Ns + "UnitTestResult"))
        {
            string testId = Required(result, "testId", "UnitTestResult");
            if (!definitions.TryGetValue(testId, out XElement? method))
            {
                throw new TrxFormatException($"UnitTestResult for test {testId} has no matching TestDefinitions/UnitTest");
            }
            string className = Required(method, "className", "TestMethod");
            string methodName = Required(method, "name", "TestMethod");
            string testName = (string?)result.Attribute("testName") is { Length: > 0 } display ? display : methodName;
            string assembly = (string?)method.Attribute("codeBase") ?? string.Empty;
            XElement? error = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
            results.Add(new TestResultRecord(
                className,
                testName,
                methodName,
                FoldOutcome(Required(result, "outcome", "UnitTestResult")),
                Truncate((string?)error?.Element(Ns + "Message")),
                Truncate((string?)error?.Element(Ns + "StackTrace")),
                ParseDuration((string?)result.Attribute("duration")),
                assembly));
        }
        return results;
    }

    /// <summary>Folds a TRX outcome value into <see cref="TestOutcome"/>.</summary>
    public static TestOutcome FoldOutcome(string outcome) => outcome switch
    {
        "Passed" => TestOutcome.Passed,
        "Failed" or "Error" or "Timeout" or "Aborted" or "PassedButRunAborted" => TestOutcome.Failed,
        _ => TestOutcome.NotExecuted,
    };

    private static string Required(XElement element, string attribute, string what) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } value
            ? value
            : throw new TrxFormatException($"a {what} element has no '{attribute}' attribute");

    private static TimeSpan ParseDuration(string? text) =>
        text is not null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) && value >= TimeSpan.Zero
            ? value
            : TimeSpan.Zero;

    private static string? Truncate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        string trimmed = text.Trim();
        return trimmed.Length <= MaxMessageLength ? trimmed : string.Concat(trimmed.AsSpan(0, MaxMessageLength), " [truncated]");
    }
}
