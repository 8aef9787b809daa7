using BenchmarkDotNet.Attributes;
using Libp2p.Core.Multiformats;

namespace Libp2p.Benchmarks.Multiformats;

/// <summary>Multiaddr parsing from the binary and string forms, for a typical dialable address with a peer ID.</summary>
[MemoryDiagnoser]
public class MultiaddrBenchmarks
{
    private const string Text = "/ip4/198.51.100.7/udp/4001/quic-v1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private const string Ip6Text = "/ip6/2001:db8::42/tcp/443/tls/ws";
    private byte[] _bytes = [];
    private byte[] _ip6Bytes = [];

    /// <summary>Prepares the binary inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = Multiaddr.Parse(Text).ToBytes();
        _ip6Bytes = Multiaddr.Parse(Ip6Text).ToBytes();
    }

    /// <summary>Binary form to <see cref="Multiaddr"/> (validates every value).</summary>
    [Benchmark]
    public Multiaddr ParseBinary() => Multiaddr.FromBytes(_bytes);

    /// <summary>String form to <see cref="Multiaddr"/>.</summary>
    [Benchmark]
    public Multiaddr ParseString() => Multiaddr.Parse(Text);

    /// <summary>Binary form of an IPv6/TCP/TLS/WS address.</summary>
    [Benchmark]
    public Multiaddr ParseBinaryIp6() => Multiaddr.FromBytes(_ip6Bytes);

    /// <summary>String form of an IPv6/TCP/TLS/WS address.</summary>
    [Benchmark]
    public Multiaddr ParseStringIp6() => Multiaddr.Parse(Ip6Text);

    /// <summary>Binary form to canonical string.</summary>
    [Benchmark]
    public string FormatString() => Multiaddr.FromBytes(_bytes).ToString();
}
