using System.IO.Pipelines;

namespace Libp2p.Security.Tests.Support;

/// <summary>Two cross-connected in-memory duplex pipes.</summary>
internal static class PipePair
{
    public static (IDuplexPipe A, IDuplexPipe B) Create()
    {
        var options = new PipeOptions(useSynchronizationContext: false);
        var aToB = new Pipe(options);
        var bToA = new Pipe(options);
        return (new Duplex(bToA.Reader, aToB.Writer), new Duplex(aToB.Reader, bToA.Writer));
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
