using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Libp2p.Multistream;

namespace Libp2p.Benchmarks.Muxers;

/// <summary>A full multistream-select negotiation (dialer and listener) over fresh in-memory pipes.</summary>
[MemoryDiagnoser]
public class MultistreamBenchmarks
{
    private static readonly string[] Proposals = ["/noise"];
    private static readonly string[] Fallback = ["/tls/1.0.0", "/noise"];
    private static readonly string[] Supported = ["/noise"];

    /// <summary>One proposal, accepted.</summary>
    [Benchmark(Baseline = true)]
    public Task<string> Negotiate() => RunAsync(Proposals);

    /// <summary>A refused proposal, then an accepted one.</summary>
    [Benchmark]
    public Task<string> NegotiateWithFallback() => RunAsync(Fallback);

    private static async Task<string> RunAsync(string[] proposals)
    {
        Pipe up = new();
        Pipe down = new();
        Task<string> listening = MultistreamSelect.SelectInboundAsync(new Duplex(up.Reader, down.Writer), Supported).AsTask();
        string chosen = await MultistreamSelect.SelectOutboundAsync(new Duplex(down.Reader, up.Writer), proposals);
        await listening;
        return chosen;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
