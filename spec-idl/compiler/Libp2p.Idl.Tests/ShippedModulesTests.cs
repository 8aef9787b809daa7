using Libp2p.Idl.Emit;
using Libp2p.Idl.Model;

namespace Libp2p.Idl.Tests;

/// <summary>The modules shipped in spec-idl/modules: valid as a whole, and broken copies are reported precisely.</summary>
public sealed class ShippedModulesTests
{
    [Test]
    public void Shipped_modules_have_no_diagnostics()
    {
        IdlCompilation compilation = IdlCompilation.LoadDirectory(TestPaths.ShippedModules);
        Assert.That(compilation.Diagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(compilation.Modules.Select(m => m.Name), Is.SupersetOf(new[] { "security", "stream-muxer", "transport" }));
    }

    [Test]
    public void Shipped_modules_generate_the_core_abstractions()
    {
        SortedDictionary<string, string> files = CSharpEmitter.Emit(IdlCompilation.LoadDirectory(TestPaths.ShippedModules));
        Assert.That(files.Keys, Is.SupersetOf(new[]
        {
            "ITransport.g.cs", "IConnectionListener.g.cs", "IRawConnection.g.cs", "ISecurityProtocol.g.cs", "ISecureConnection.g.cs",
            "IStreamMuxer.g.cs", "IMuxedConnection.g.cs", "IMuxedStream.g.cs", "ProtocolViolationException.g.cs",
            "StreamResetException.g.cs", "MuxerClosedException.g.cs", "PeerIdMismatchException.g.cs", "ProtocolNotSupportedException.g.cs",
        }));
        Assert.That(files["ISecurityProtocol.g.cs"], Does.Contain(
            "ValueTask<ISecureConnection> SecureOutboundAsync(IDuplexPipe connection, PeerId? expectedRemote, CancellationToken cancellationToken = default);"));
    }

    [Test]
    public void Broken_copies_report_bad_yaml_duplicate_ids_and_dangling_types_at_their_positions()
    {
        IdlCompilation clean = IdlCompilation.LoadDirectory(TestPaths.ShippedModules);
        (IdlModule firstModule, IdlRequirement first) = clean.Requirements.First();
        string dir = TestPaths.NewTempDirectory();
        try
        {
            foreach (string file in Directory.GetFiles(TestPaths.ShippedModules, "*.yaml"))
            {
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            }

            // Bad YAML: an unterminated quoted scalar appended to security.yaml.
            string security = Path.Combine(dir, "security.yaml");
            int securityLines = File.ReadAllText(security).TrimEnd('\n').Split('\n').Length;
            File.WriteAllText(security, File.ReadAllText(security).TrimEnd('\n') + "\nextra: \"unterminated\n");

            // Dangling type: transport's dial returns a misspelt interface.
            string transport = Path.Combine(dir, "transport.yaml");
            string[] lines = File.ReadAllLines(transport);
            int dial = Array.FindIndex(lines, l => l.Trim() == "returns: raw_connection");
            Assert.That(dial, Is.GreaterThanOrEqualTo(0), "transport.yaml declares a method returning raw_connection");
            lines[dial] = lines[dial].Replace("raw_connection", "raw_connectoin", StringComparison.Ordinal);
            File.WriteAllLines(transport, lines);
            int column = lines[dial].IndexOf("raw_connectoin", StringComparison.Ordinal) + 1;

            // Duplicate ID: a new module repeats the first shipped requirement.
            string dup = Path.Combine(dir, "zz-dup.yaml");
            File.WriteAllText(dup, $"""
                module: zz-dup
                title: Duplicate
                spec: {"{"} repo: libp2p/specs, path: README.md {"}"}
                requirements:
                  - id: {first.Id}
                    level: MAY
                    text: Repeated.
                    section: Intro
                """);

            string[] diagnostics = IdlCompilation.LoadDirectory(dir).Diagnostics.Select(d => d.ToString()).ToArray();
            string firstAt = $"{Path.Combine(dir, Path.GetFileName(firstModule.File))}:{first.Location.Line}:{first.Location.Column}";
            Assert.That(diagnostics, Has.Length.EqualTo(3), string.Join("\n", diagnostics));
            Assert.Multiple(() =>
            {
                Assert.That(diagnostics, Has.One.StartsWith($"{security}:{securityLines + 1}:8: invalid YAML: "));
                Assert.That(diagnostics, Has.One.EqualTo(
                    $"{transport}:{dial + 1}:{column}: unknown type 'raw_connectoin' (not a built-in, nor a type or interface of any module)"));
                Assert.That(diagnostics, Has.One.EqualTo($"{dup}:5:5: duplicate requirement ID '{first.Id}' (first declared at {firstAt})"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
