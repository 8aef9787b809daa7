using System.Text;
using CsCheck;
using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Tests;

public sealed class TrxParserTests
{
    private static IReadOnlyList<TestResultRecord> Probe() => TrxParser.ParseFile(TestData.FixturePath("nunit-probe.trx"));

    [Test]
    public void Real_trx_yields_every_result_with_folded_outcomes()
    {
        IReadOnlyList<TestResultRecord> results = Probe();
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(14));
            Assert.That(results.Count(r => r.Outcome == TestOutcome.Passed), Is.EqualTo(10));
            Assert.That(results.Count(r => r.Outcome == TestOutcome.Failed), Is.EqualTo(2));
            Assert.That(results.Count(r => r.Outcome == TestOutcome.NotExecuted), Is.EqualTo(2));
        });
    }

    [Test]
    public void Inherited_suite_tests_keep_the_concrete_class_name()
    {
        TestResultRecord bad = Probe().Single(r => r.ClassName == "Probe.Tests.BadMuxerTests" && r.TestName == "Window_is_respected");
        Assert.Multiple(() =>
        {
            Assert.That(bad.Outcome, Is.EqualTo(TestOutcome.Failed));
            Assert.That(bad.Message, Does.StartWith("window violated <by> 3 bytes & more"));
            Assert.That(bad.StackTrace, Does.Contain("MuxerSuite.Window_is_respected"));
            Assert.That(bad.Duration, Is.EqualTo(TimeSpan.Parse("00:00:00.4555700", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(bad.AssemblyPath, Does.EndWith("Probe.Tests.dll"));
            Assert.That(bad.FullName, Is.EqualTo("Probe.Tests.BadMuxerTests.Window_is_respected"));
        });
    }

    [Test]
    public void Parameterised_cases_keep_their_arguments_in_the_name()
    {
        TestResultRecord[] cases = [.. Probe().Where(r => r.TestName.StartsWith("Parameterised(", StringComparison.Ordinal)).OrderBy(r => r.TestName, StringComparer.Ordinal)];
        Assert.That(cases.Select(c => c.TestName), Is.EqualTo(new[] { "Parameterised(1,\"a\")", "Parameterised(2,\"b\")" }));
        Assert.That(cases.Select(c => c.MethodName), Is.EqualTo(new[] { "Parameterised", "Parameterised" }));
        Assert.That(cases.Select(c => c.Outcome), Is.EqualTo(new[] { TestOutcome.Passed, TestOutcome.Failed }));
        Assert.That(cases[1].Message, Does.Contain("Expected: less than 2"));
    }

    [Test]
    public void Named_test_cases_keep_their_display_name_and_report_their_method()
    {
        IReadOnlyList<TestResultRecord> named = [.. Probe().Where(r => r.ClassName == "Probe.Tests.NamedTests")];
        Assert.Multiple(() =>
        {
            Assert.That(named.Select(r => r.TestName), Is.EquivalentTo(new[]
            {
                "Varint 300 <-> 0xac02", "RoundTrip custom (1UL,\"01\")", "RoundTrip(2UL,\"02\")", "Explicit name",
            }));
            Assert.That(named.Single(r => r.TestName == "Varint 300 <-> 0xac02").MethodName, Is.EqualTo("RoundTrip"));
            Assert.That(named.Single(r => r.TestName == "Explicit name").MethodName, Is.EqualTo("Named"));
        });
    }

    [Test]
    public void Parameterised_fixtures_keep_their_arguments_in_the_class_name()
    {
        Assert.That(Probe().Where(r => r.MethodName == "Works").Select(r => r.ClassName),
            Is.EquivalentTo(new[] { "Probe.Tests.ParamFixture(\"tcp\")", "Probe.Tests.ParamFixture(\"ws\")" }));
    }

    [Test]
    public void Ignored_and_inconclusive_carry_their_reason_and_unsupported_is_recognised()
    {
        IReadOnlyList<TestResultRecord> results = Probe();
        TestResultRecord ignored = results.Single(r => r.TestName == "Ignored");
        TestResultRecord inconclusive = results.Single(r => r.TestName == "Inconclusive");
        TestResultRecord passed = results.First(r => r.Outcome == TestOutcome.Passed);
        Assert.Multiple(() =>
        {
            Assert.That(ignored.Message, Is.EqualTo("unsupported by target: tls"));
            Assert.That(ignored.IsUnsupported, Is.True);
            Assert.That(inconclusive.Message, Is.EqualTo("unsupported by target: quic"));
            Assert.That(passed.IsUnsupported, Is.False);
            Assert.That(passed.Message, Is.Null);
        });
    }

    [TestCase("Passed", TestOutcome.Passed)]
    [TestCase("Failed", TestOutcome.Failed)]
    [TestCase("Error", TestOutcome.Failed)]
    [TestCase("Timeout", TestOutcome.Failed)]
    [TestCase("Aborted", TestOutcome.Failed)]
    [TestCase("PassedButRunAborted", TestOutcome.Failed)]
    [TestCase("NotExecuted", TestOutcome.NotExecuted)]
    [TestCase("Inconclusive", TestOutcome.NotExecuted)]
    [TestCase("Pending", TestOutcome.NotExecuted)]
    public void Outcomes_fold(string trx, TestOutcome expected) => Assert.That(TrxParser.FoldOutcome(trx), Is.EqualTo(expected));

    [Test]
    public void Wrong_root_element_is_a_format_error()
    {
        var ex = Assert.Throws<TrxFormatException>(() => Parse("<TestRun><Results/></TestRun>"));
        Assert.That(ex!.Message, Does.Contain("expected TestRun in namespace"));
    }

    [Test]
    public void Dtd_is_refused()
    {
        const string Xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">]>"
            + "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">&a;</TestRun>";
        Assert.Throws<TrxFormatException>(() => Parse(Xml));
    }

    [Test]
    public void Result_without_definition_is_a_format_error()
    {
        const string Xml = "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results>"
            + "<UnitTestResult testId=\"x\" testName=\"T\" outcome=\"Passed\"/></Results></TestRun>";
        var ex = Assert.Throws<TrxFormatException>(() => Parse(Xml));
        Assert.That(ex!.Message, Does.Contain("no matching TestDefinitions"));
    }

    [Test]
    public void Long_messages_are_truncated()
    {
        string message = new('m', TrxParser.MaxMessageLength * 2);
        string xml = "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results>"
            + "<UnitTestResult testId=\"x\" testName=\"T\" outcome=\"Failed\"><Output><ErrorInfo><Message>" + message
            + "</Message></ErrorInfo></Output></UnitTestResult></Results><TestDefinitions><UnitTest id=\"x\">"
            + "<TestMethod className=\"C\" name=\"T\"/></UnitTest></TestDefinitions></TestRun>";
        TestResultRecord result = Parse(xml).Single();
        Assert.That(result.Message!, Has.Length.LessThan(TrxParser.MaxMessageLength + 20).And.EndWith("[truncated]"));
    }

    [Test]
    public void Missing_file_is_a_format_error() =>
        Assert.Throws<TrxFormatException>(() => TrxParser.ParseFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".trx")));

    [Test]
    public void Arbitrary_bytes_parse_or_fail_with_a_typed_error() =>
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            try
            {
                TrxParser.Parse(new MemoryStream(bytes));
            }
            catch (TrxFormatException)
            {
            }
        }, iter: 2000);

    [Test]
    public void Truncated_or_mutated_real_trx_parses_or_fails_with_a_typed_error()
    {
        byte[] real = File.ReadAllBytes(TestData.FixturePath("nunit-probe.trx"));
        Gen.Select(Gen.Int[0, real.Length], Gen.Int[0, real.Length - 1], Gen.Byte).Sample((cut, at, value) =>
        {
            byte[] mutated = real[..cut];
            if (at < mutated.Length)
            {
                mutated[at] = value;
            }
            try
            {
                IReadOnlyList<TestResultRecord> results = TrxParser.Parse(new MemoryStream(mutated));
                Assert.That(results, Has.Count.LessThanOrEqualTo(14));
            }
            catch (TrxFormatException)
            {
            }
        }, iter: 500);
    }

    private static IReadOnlyList<TestResultRecord> Parse(string xml) => TrxParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
}
