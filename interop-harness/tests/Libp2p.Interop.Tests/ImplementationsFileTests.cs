using Libp2p.Interop.Implementations;
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

    [TestCase("implementations:\n  - id: a\n    command: [x]\n    transports: [tcp]\n  - id: a\n    command: [x]\n    transports: [tcp]\n", "duplicate")]
    [TestCase("implementations:\n  - id: a\n    runtime: cloud\n    transports: [tcp]\n", "unknown runtime")]
    [TestCase("implementations:\n  - id: a\n    command: [x]\n    transports: []\n", "no transports")]
    [TestCase("implementations:\n  - id: a\n    transports: [tcp]\n", "needs a command")]
    [TestCase("implementations:\n  - id: a x b\n    command: [x]\n    transports: [tcp]\n", "must not contain")]
    [TestCase("implementations:\n  - id: a\n    command: [x]\n    colour: blue\n    transports: [tcp]\n", ":4:")]
    public void Invalid_files_fail_with_a_clear_reason(string yaml, string expected)
    {
        var error = Assert.Throws<InteropConfigurationException>(() => ImplementationsFile.Parse(yaml, "f.yaml"));
        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.StartWith("f.yaml"));
    }
}
