using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using CsCheck;
using Libp2p.Conformance;
using Libp2p.Protocols.Perf;

namespace Perf.Conformance.Tests;

/// <summary>
/// <c>/perf/1.0.0</c> (libp2p/specs perf/perf.md "Protocol") against the reference implementation, over an
/// in-memory stream pair so that every byte on the wire is visible.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class PerfProtocolConformanceTests
{
    [TestCase(0UL, 0UL)]
    [TestCase(1UL, 1UL)]
    [TestCase(0UL, 1UL)]
    [TestCase(1UL, 0UL)]
    [TestCase(3UL * 1024 * 1024 + 7, 5UL * 1024 * 1024 + 3)]
    [Requirement("PERF-CLIENT-001")]
    [Requirement("PERF-CLIENT-002")]
    [Requirement("PERF-CLIENT-003")]
    [Requirement("PERF-SERVER-001")]
    [Requirement("PERF-SERVER-003")]
    public async Task Exchange_moves_exactly_the_requested_sizes(ulong upload, ulong download)
    {
        var pair = new DuplexPair();
        var counters = new PerfCounters();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server);
        PerfResult client = await PerfProtocol.RunClientAsync(pair.Client, new PerfClientRequest(upload, download), counters);
        PerfResult served = await server;
        Assert.Multiple(() =>
        {
            Assert.That(served.RequestedBytes, Is.EqualTo(download));
            Assert.That(served.UploadedBytes, Is.EqualTo((long)upload));
            Assert.That(served.DownloadedBytes, Is.EqualTo((long)download));
            Assert.That(client.UploadedBytes, Is.EqualTo((long)upload));
            Assert.That(client.DownloadedBytes, Is.EqualTo((long)download));
            Assert.That(counters.DownloadedBytes, Is.EqualTo((long)download));
        });
    }

    [Test]
    [Requirement("PERF-CLIENT-001")]
    public async Task Client_writes_the_size_as_8_byte_big_endian_before_the_upload()
    {
        var pair = new DuplexPair();
        Task<PerfResult> client = PerfProtocol.RunClientAsync(pair.Client, new PerfClientRequest(3, 0x0102030405060708));
        byte[] wire = await ReadToEndAsync(pair.Server.Input);
        Assert.That(wire, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0 }));
        await pair.Server.Output.CompleteAsync();
        Assert.ThrowsAsync<PerfProtocolException>(() => client, "an empty download of a non-zero request is a failure");
    }

    [Test]
    [Requirement("PERF-SERVER-001")]
    [Requirement("PERF-SERVER-002")]
    [Requirement("PERF-SERVER-003")]
    public async Task Server_sends_nothing_until_the_upload_ends_then_exactly_the_size_and_closes()
    {
        var pair = new DuplexPair();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server);
        byte[] prefix = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(prefix, 258);
        await pair.Client.Output.WriteAsync(prefix);
        await pair.Client.Output.WriteAsync(new byte[100_000]);
        // Give a concurrently-sending server the chance to misbehave; the check cannot fail on a slow machine.
        await Task.Delay(50);
        Assert.That(pair.Client.Input.TryRead(out _), Is.False, "no response bytes before the client's write side closed");
        await pair.Client.Output.CompleteAsync();
        byte[] response = await ReadToEndAsync(pair.Client.Input);
        PerfResult served = await server;
        Assert.Multiple(() =>
        {
            Assert.That(response, Has.Length.EqualTo(258));
            Assert.That(response, Is.All.EqualTo((byte)0));
            Assert.That(served.UploadedBytes, Is.EqualTo(100_000));
        });
    }

    [Test]
    [Requirement("PERF-SERVER-004")]
    public void A_stream_ending_inside_the_size_prefix_is_aborted_without_a_response()
    {
        Gen.Byte.Array[0, 7].Sample(partial =>
        {
            var pair = new DuplexPair();
            Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server);
            pair.Client.Output.WriteAsync(partial).AsTask().GetAwaiter().GetResult();
            pair.Client.Output.Complete();
            Assert.ThrowsAsync<PerfProtocolException>(() => server);
            Assert.ThrowsAsync<PerfProtocolException>(async () => await pair.Client.Input.ReadAsync(), "the abort reaches the client, with no bytes");
        }, iter: 50);
    }

    [Test]
    [Requirement("PERF-CLIENT-002")]
    [Requirement("PERF-BENCH-002")]
    public async Task Max_uint64_streams_until_the_client_stops_reading()
    {
        var pair = new DuplexPair();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server);
        PerfResult client = await PerfProtocol.RunClientAsync(
            pair.Client, new PerfClientRequest(10, ulong.MaxValue, TimeSpan.FromMilliseconds(200)));
        PerfResult served = await server;
        Assert.Multiple(() =>
        {
            Assert.That(served.RequestedBytes, Is.EqualTo(ulong.MaxValue));
            Assert.That(client.DownloadedBytes, Is.GreaterThan(0));
            Assert.That(served.DownloadedBytes, Is.GreaterThanOrEqualTo(client.DownloadedBytes), "the server returns normally, having sent at least what was read");
        });
    }

    [Test]
    [Requirement("PERF-CLIENT-002")]
    public async Task Max_uint64_is_bounded_by_the_server_cap_and_then_closed()
    {
        var pair = new DuplexPair();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server, new PerfServerOptions { MaxResponseBytes = 300_001 });
        PerfResult client = await PerfProtocol.RunClientAsync(
            pair.Client, new PerfClientRequest(0, ulong.MaxValue, TimeSpan.FromSeconds(25)));
        Assert.Multiple(async () =>
        {
            Assert.That(client.DownloadedBytes, Is.EqualTo(300_001));
            Assert.That((await server).DownloadedBytes, Is.EqualTo(300_001));
        });
    }

    [Test]
    [Requirement("PERF-SERVER-003")]
    public async Task A_finite_request_above_the_cap_is_refused_without_sending()
    {
        var pair = new DuplexPair();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server, new PerfServerOptions { MaxResponseBytes = 1000 });
        Task<PerfResult> client = PerfProtocol.RunClientAsync(pair.Client, new PerfClientRequest(0, 1001));
        Assert.ThrowsAsync<PerfProtocolException>(() => server);
        Assert.ThrowsAsync<PerfProtocolException>(() => client);
        await Task.CompletedTask;
    }

    [Test]
    [Requirement("PERF-SERVER-003")]
    public async Task Client_closing_early_on_a_finite_download_fails_the_server_cleanly()
    {
        var pair = new DuplexPair();
        Task<PerfResult> server = PerfProtocol.ServeAsync(pair.Server);
        byte[] prefix = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(prefix, 10UL * 1024 * 1024);
        await pair.Client.Output.WriteAsync(prefix);
        await pair.Client.Output.CompleteAsync();
        ReadResult first = await pair.Client.Input.ReadAsync();
        Assert.That(first.Buffer.Length, Is.GreaterThan(0));
        pair.Client.Input.AdvanceTo(first.Buffer.End);
        await pair.Client.Input.CompleteAsync();
        Assert.ThrowsAsync<PerfProtocolException>(() => server);
    }

    [Test]
    [Requirement("PERF-CLIENT-004")]
    public async Task Client_treats_a_short_download_as_a_failure()
    {
        var pair = new DuplexPair();
        Task<PerfResult> client = PerfProtocol.RunClientAsync(pair.Client, new PerfClientRequest(0, 1000));
        await ReadToEndAsync(pair.Server.Input);
        await pair.Server.Output.WriteAsync(new byte[999]);
        await pair.Server.Output.CompleteAsync();
        PerfProtocolException error = Assert.ThrowsAsync<PerfProtocolException>(() => client)!;
        Assert.That(error.Message, Does.Contain("999"));
    }

    [Test]
    [Requirement("PERF-CLIENT-004")]
    public async Task Client_treats_a_long_download_as_a_failure()
    {
        var pair = new DuplexPair();
        Task<PerfResult> client = PerfProtocol.RunClientAsync(pair.Client, new PerfClientRequest(0, 10));
        await ReadToEndAsync(pair.Server.Input);
        await pair.Server.Output.WriteAsync(new byte[11]);
        await pair.Server.Output.CompleteAsync();
        Assert.ThrowsAsync<PerfProtocolException>(() => client);
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var collected = new ArrayBufferWriter<byte>();
        while (true)
        {
            ReadResult result = await reader.ReadAsync();
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                collected.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return collected.WrittenSpan.ToArray();
            }
        }
    }
}
