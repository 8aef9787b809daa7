using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Mplex;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Benchmarks.Muxers;

/// <summary>
/// The data path of one stream between two in-memory sessions: one 16 KiB data frame written and read
/// (allocations per frame), and an 8 MiB one-stream transfer (throughput = 8 MiB / mean time).
/// </summary>
[MemoryDiagnoser]
public class YamuxStreamBenchmarks
{
    private const int FrameBytes = 16 * 1024;
    private const int TransferBytes = 8 * 1024 * 1024;
    private readonly byte[] _chunk = new byte[64 * 1024];
    private IMuxedConnection _client = null!;
    private IMuxedConnection _server = null!;
    private IMuxedStream _out = null!;
    private IMuxedStream _in = null!;

    /// <summary>The muxer measured.</summary>
    [Params("yamux", "mplex")]
    public string Muxer { get; set; } = "yamux";

    /// <summary>Connects two sessions over in-memory pipes and opens one stream.</summary>
    [GlobalSetup]
    public void Setup()
    {
        PipeOptions options = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false);
        Pipe up = new(options);
        Pipe down = new(options);
        IStreamMuxer muxer = Muxer == "yamux" ? new YamuxMuxer() : new MplexMuxer();
        _client = muxer.Create(new DuplexPipe(down.Reader, up.Writer), isInitiator: true);
        _server = muxer.Create(new DuplexPipe(up.Reader, down.Writer), isInitiator: false);
        _out = _client.OpenStreamAsync().AsTask().GetAwaiter().GetResult();
        _out.Output.WriteAsync(new byte[] { 0 }).AsTask().GetAwaiter().GetResult();
        _in = _server.AcceptStreamAsync().AsTask().GetAwaiter().GetResult();
        DrainAsync(1).GetAwaiter().GetResult();
    }

    /// <summary>Closes the sessions.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One 16 KiB frame from the writer's pipe to the reader's pipe.</summary>
    [Benchmark]
    public async Task OneFrame()
    {
        await _out.Output.WriteAsync(_chunk.AsMemory(0, FrameBytes));
        await DrainAsync(FrameBytes);
    }

    /// <summary>8 MiB through one stream, written in 64 KiB writes while the other side reads.</summary>
    [Benchmark]
    public async Task Transfer8MiB()
    {
        Task reading = DrainAsync(TransferBytes);
        for (int sent = 0; sent < TransferBytes; sent += _chunk.Length)
        {
            await _out.Output.WriteAsync(_chunk);
        }
        await reading;
    }

    private async Task DrainAsync(long bytes)
    {
        PipeReader reader = _in.Input;
        while (bytes > 0)
        {
            ReadResult result = await reader.ReadAsync();
            long take = Math.Min(bytes, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            bytes -= take;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
