using System.IO.Pipelines;

namespace Perf.Conformance.Tests;

/// <summary>Two in-memory stream ends: what one writes the other reads; completing an output is a half-close.</summary>
internal sealed class DuplexPair
{
    private sealed record End(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    public DuplexPair()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        Client = new End(toClient.Reader, toServer.Writer);
        Server = new End(toServer.Reader, toClient.Writer);
    }

    public IDuplexPipe Client { get; }

    public IDuplexPipe Server { get; }
}
