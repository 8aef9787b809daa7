using System.Net;
using System.Net.Sockets;
using Libp2p.Interop.Docker;
using Libp2p.Interop.Implementations;

namespace Libp2p.Interop.Tests;

/// <summary>How the harness decides whether a Docker engine is there, and what docker entries report without one.</summary>
public sealed class DockerEngineTests
{
    [Test]
    public void A_missing_socket_means_no_engine()
    {
        Assert.That(DockerEngine.Probe("unix:///nonexistent/docker.sock", TimeSpan.FromSeconds(2)), Does.StartWith("no Docker engine reachable"));
    }

    [Test]
    public void A_non_loopback_tcp_engine_is_never_contacted()
    {
        Assert.That(DockerEngine.Probe("tcp://192.0.2.1:2375", TimeSpan.FromSeconds(2)), Does.Contain("not a unix socket or a loopback tcp address"));
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", true)]
    [TestCase("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nfail", false)]
    [TestCase("SSH-2.0-OpenSSH\r\n", false)]
    public async Task Only_an_ok_ping_reply_counts_as_an_engine(string reply, bool engine)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task serve = Task.Run(async () =>
        {
            using TcpClient client = await listener.AcceptTcpClientAsync();
            NetworkStream stream = client.GetStream();
            byte[] request = new byte[1024];
            int read = await stream.ReadAsync(request);
            Assert.That(System.Text.Encoding.ASCII.GetString(request, 0, read), Does.StartWith("GET /_ping "));
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(reply));
        });
        string? reason = await Task.Run(() => DockerEngine.Probe($"tcp://127.0.0.1:{port}", TimeSpan.FromSeconds(10)));
        await serve.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(reason is null, Is.EqualTo(engine), reason);
    }

    [Test]
    public async Task Without_an_engine_docker_entries_are_not_run_never_passed()
    {
        Assume.That(DockerEngine.Unreachable, Is.Not.Null, "a Docker engine is reachable here");
        var docker = new Implementation { Id = "go", Runtime = RuntimeKinds.Docker, Dockerfile = "containers/go-v0.48/Dockerfile", Transports = [new("tcp")] };
        await using var runtime = new DockerRuntime(new DockerRuntimeOptions { RepoRoot = TestPaths.RepoRoot });
        Assert.That(runtime.CannotRun(docker), Does.StartWith("not run: no Docker engine reachable"));
        await using var process = new Runtime.ProcessRuntime(new Runtime.ProcessRuntimeOptions { RepoRoot = TestPaths.RepoRoot });
        Assert.That(process.CannotRun(docker), Does.StartWith("not run: no Docker engine reachable"));
    }
}
