using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Noise;
using Libp2p.Security.Tls;

namespace Libp2p.Benchmarks.Security;

/// <summary>Full handshakes and bulk transfer through the secure channels over in-memory pipes.</summary>
[MemoryDiagnoser]
public class SecureChannelBenchmarks
{
    private const int TransferBytes = 1 << 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly byte[] _chunk = new byte[64 * 1024];
    private NoiseProtocol _noiseDialer = null!;
    private NoiseProtocol _noiseListener = null!;
    private TlsProtocol _tlsDialer = null!;
    private TlsProtocol _tlsListener = null!;
    private (ISecureConnection Dialer, ISecureConnection Listener) _noise;
    private (ISecureConnection Dialer, ISecureConnection Listener) _tls;

    [GlobalSetup]
    public void Setup()
    {
        _noiseDialer = new NoiseProtocol(PrivateKey.Generate(KeyType.Ed25519));
        _noiseListener = new NoiseProtocol(PrivateKey.Generate(KeyType.Ed25519));
        _tlsDialer = new TlsProtocol(PrivateKey.Generate(KeyType.Ed25519));
        _tlsListener = new TlsProtocol(PrivateKey.Generate(KeyType.Ed25519));
        _noise = ConnectAsync(_noiseDialer, _noiseListener).GetAwaiter().GetResult();
        _tls = ConnectAsync(_tlsDialer, _tlsListener).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (ISecureConnection connection in new[] { _noise.Dialer, _noise.Listener, _tls.Dialer, _tls.Listener })
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _tlsDialer.Dispose();
        _tlsListener.Dispose();
    }

    /// <summary>A complete Noise XX handshake with Ed25519 identities, both roles, including connection teardown.</summary>
    [Benchmark]
    public async Task NoiseHandshake()
    {
        var pair = await ConnectAsync(_noiseDialer, _noiseListener);
        await pair.Dialer.DisposeAsync();
        await pair.Listener.DisposeAsync();
    }

    /// <summary>A complete TLS 1.3 handshake with libp2p certificate verification on both sides.</summary>
    [Benchmark]
    public async Task TlsHandshake()
    {
        var pair = await ConnectAsync(_tlsDialer, _tlsListener);
        await pair.Dialer.DisposeAsync();
        await pair.Listener.DisposeAsync();
    }

    /// <summary>1 MiB through an established Noise connection.</summary>
    [Benchmark]
    public Task NoiseTransfer1MiB() => TransferAsync(_noise.Dialer, _noise.Listener);

    /// <summary>1 MiB through an established TLS connection (TLS records via SslStream/OpenSSL).</summary>
    [Benchmark]
    public Task TlsTransfer1MiB() => TransferAsync(_tls.Dialer, _tls.Listener);

    /// <summary>One maximum-size Noise transport message (65519 bytes) written on one side and read on the other.</summary>
    [Benchmark]
    public Task NoiseMessage64K() => RecordAsync(_noise.Dialer, _noise.Listener, 65519);

    /// <summary>One full TLS 1.3 record (16 KiB plaintext) written on one side and read on the other.</summary>
    [Benchmark]
    public Task TlsRecord16K() => RecordAsync(_tls.Dialer, _tls.Listener, 16 * 1024);

    private async Task RecordAsync(ISecureConnection dialer, ISecureConnection listener, int bytes)
    {
        await dialer.Output.WriteAsync(_chunk.AsMemory(0, bytes));
        await ReadAsync(listener.Input, bytes).WaitAsync(Timeout);
    }

    private async Task TransferAsync(ISecureConnection dialer, ISecureConnection listener)
    {
        Task read = ReadAsync(listener.Input, TransferBytes);
        for (int sent = 0; sent < TransferBytes; sent += _chunk.Length)
        {
            await dialer.Output.WriteAsync(_chunk);
        }
        await read.WaitAsync(Timeout);
    }

    private static async Task ReadAsync(PipeReader reader, long count)
    {
        while (count > 0)
        {
            ReadResult result = await reader.ReadAsync();
            long take = Math.Min(count, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            count -= take;
            if (result.IsCompleted && count > 0)
            {
                throw new EndOfStreamException();
            }
        }
    }

    private static async Task<(ISecureConnection Dialer, ISecureConnection Listener)> ConnectAsync(ISecurityProtocol dialer, ISecurityProtocol listener)
    {
        var options = new PipeOptions(useSynchronizationContext: false);
        var aToB = new Pipe(options);
        var bToA = new Pipe(options);
        Task<ISecureConnection> dial = dialer.SecureOutboundAsync(new Duplex(bToA.Reader, aToB.Writer), null).AsTask();
        Task<ISecureConnection> listen = listener.SecureInboundAsync(new Duplex(aToB.Reader, bToA.Writer)).AsTask();
        await Task.WhenAll(dial, listen).WaitAsync(Timeout);
        return (dial.Result, listen.Result);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
