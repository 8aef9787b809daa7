using System.IO.Pipelines;

namespace Libp2p.Transports.Memory;

/// <summary>Options of <see cref="MemoryTransport"/>.</summary>
public sealed class MemoryTransportOptions
{
    /// <summary>The hub listeners register in; <see cref="MemoryHub.Default"/> unless set.</summary>
    public MemoryHub Hub { get; init; } = MemoryHub.Default;

    /// <summary>Options of each direction's pipe (backpressure thresholds); <see cref="DuplexPipePair.DefaultPipeOptions"/> unless set.</summary>
    public PipeOptions PipeOptions { get; init; } = DuplexPipePair.DefaultPipeOptions;

    /// <summary>Dialed connections a listener queues before refusing more (the listen backlog).</summary>
    public int Backlog { get; init; } = 512;
}
