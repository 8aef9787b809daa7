using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Node;

namespace Libp2p.Interop.Tests;

public sealed class ImplementationsFileTests
{
    [Test]
    public void Parses_names_only_dial_maps_contract_and_command()
    {
        IReadOnlyList<Implementation> impls = ImplementationsFile.Parse("""
            implementations:
              - id: x
                runtime: process
                contract: unified
                command: [node, app.mjs]
                env: { DEBUG: "false" }
                transports: [tcp, { name: ws, onlyDial: true }]
                secureChannels: [noise]
                muxers: [yamux]
                timeoutSecs: 30
              - id: y
                runtime: docker
                image: y:latest
                transports: [quic-v1]
            """);
        Assert.That(impls, Has.Count.EqualTo(2));
        Assert.That(impls[0].Contract, Is.EqualTo(NodeContract.Unified));
        Assert.That(impls[0].Transports, Is.EqualTo(new[] { new ImplementationTransport("tcp"), new ImplementationTransport("ws", true) }));
        Assert.That(impls[0].Command, Is.EqualTo(new[] { "node", "app.mjs" }));
        Assert.That(impls[0].Environment["DEBUG"], Is.EqualTo("false"));
        Assert.That(impls[0].TimeoutSeconds, Is.EqualTo(30));
        Assert.That(impls[1].Runtime, Is.EqualTo(RuntimeKinds.Docker));
    }

    [Test]
    public void Dockerfile_and_build_context_are_read_for_the_docker_runtime()
    {
        IReadOnlyList<Implementation> impls = ImplementationsFile.Parse("""
            implementations:
              - id: g
                runtime: docker
                dockerfile: containers/g/Dockerfile
                context: containers/g
                transports: [tcp]
            """);
        Assert.That(impls[0].Dockerfile, Is.EqualTo("containers/g/Dockerfile"));
        Assert.That(impls[0].BuildContext, Is.EqualTo("containers/g"));
        Assert.That(impls[0].Image, Is.Null);
    }

    [Test]
    public void The_repository_file_declares_runnable_entries_and_existing_dockerfiles()
    {
        IReadOnlyList<Implementation> impls = ImplementationsFile.Load(Path.Combine(TestPaths.RepoRoot, "interop-harness", "implementations.yaml"));
        Implementation browser = impls.Single(i => i.Id == "chromium-js-v3");
        Assert.That(browser.Runtime, Is.EqualTo(RuntimeKinds.Browser));
        Assert.That(browser.Transports.All(t => t.OnlyDial), Is.True, "a browser cannot listen");
        Assert.That(browser.Command.Any(c => c.EndsWith("containers/js-browser/launch.mjs", StringComparison.Ordinal)), Is.True);
        foreach (Implementation docker in impls.Where(i => i.Dockerfile is not null))
        {
            Assert.That(File.Exists(Path.Combine(TestPaths.RepoRoot, docker.Dockerfile!)), Is.True, docker.Id);
        }
        Assert.That(impls.Where(i => i.Runtime == RuntimeKinds.Docker).Select(i => i.Id), Is.SupersetOf(new[] { "go-v0.48", "rust-v0.56" }));
    }

    [Test]
    public void The_repository_matrix_has_quic_v1_rows_for_dotnet_and_js_v3_both_ways_without_security_or_muxer()
    {
        IReadOnlyList<Implementation> impls = ImplementationsFile.Load(Path.Combine(TestPaths.RepoRoot, "interop-harness", "implementations.yaml"));
        IReadOnlyList<InteropTest> quic = MatrixGenerator.Generate(impls, new MatrixOptions { Transports = ["quic-v1"] });
        Assert.That(quic.Select(t => t.Name), Is.SupersetOf(new[]
        {
            "dotnet x dotnet (quic-v1)", "dotnet x js-v3 (quic-v1)", "js-v3 x dotnet (quic-v1)", "js-v3 x js-v3 (quic-v1)",
            "dotnet x go-v0.48 (quic-v1)", "rust-v0.56 x dotnet (quic-v1)",
        }));
        Assert.That(quic.All(t => t.Security is null && t.Muxer is null), Is.True, "quic-v1 is standalone");
        Assert.That(quic.Where(t => t.Dialer.Id == "chromium-js-v3" || t.Listener.Id == "chromium-js-v3"), Is.Empty, "the browser entry has no QUIC");
        // Exactly one test per ordered pair of the four QUIC-capable entries: no (security, muxer) fan-out.
        Assert.That(quic, Has.Count.EqualTo(16));
    }

    [TestCase("implementations:\n  - id: a\n    command: [x]\n    transports: [tcp]\n  - id: a\n    command: [x]\n    transports: [tcp]\n", "duplicate")]
    [TestCase("implementations:\n  - id: a\n    runtime: cloud\n    transports: [tcp]\n", "unknown runtime")]
    [TestCase("implementations:\n  - id: a\n    command: [x]\n    transports: []\n", "no transports")]
    [TestCase("implementations:\n  - id: a\n    transports: [tcp]\n", "needs a command")]
    [TestCase("implementations:\n  - id: a\n    runtime: browser\n    transports: [ws]\n", "browser runtime needs a command")]
    [TestCase("implementations:\n  - id: a\n    runtime: docker\n    transports: [tcp]\n", "needs an image or a dockerfile")]
    [TestCase("implementations:\n  - id: a x b\n    command: [x]\n    transports: [tcp]\n", "must not contain")]
    [TestCase("implementations:\n  - id: a\n    command: [x]\n    colour: blue\n    transports: [tcp]\n", ":4:")]
    public void Invalid_files_fail_with_a_clear_reason(string yaml, string expected)
    {
        var error = Assert.Throws<InteropConfigurationException>(() => ImplementationsFile.Parse(yaml, "f.yaml"));
        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.StartWith("f.yaml"));
    }
}
