using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Libp2p.Core.Abstractions;
using Libp2p.Conformance;
using Libp2p.Muxers.Mplex;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>
/// Regression: our mplex dialing a js-libp2p v3 listener with several concurrent outbound streams. The byte sequences
/// are the ones js-libp2p's @libp2p/mplex 12 produced in that session (captured from its trace log): js opens its own
/// stream 0 (identify) while ours 0..N are open, and answers ours with Receiver-variant flags.
/// libp2p/specs mplex/README.md, "Opening a new stream" and "Writing to a stream".
/// </summary>
public sealed class MplexJsFrameSequenceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly byte[] Confirmation =
        [0x13, .. "/multistream/1.0.0\n"u8, 0x0C, .. "/echo/1.0.0\n"u8];

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    [Test]
    [Requirement("MPLEX-ID-001")]
    [Requirement("MPLEX-ID-003")]
    public async Task Several_outbound_streams_match_the_js_frame_sequence()
    {
        Pipe toUs = new();
        Pipe fromUs = new();
        await using MplexSession session = new(new Duplex(toUs.Reader, fromUs.Writer));
        using CancellationTokenSource timeout = new(Wait);

        IMuxedStream s0 = await session.OpenStreamAsync(timeout.Token);
        IMuxedStream s1 = await session.OpenStreamAsync(timeout.Token);
        IMuxedStream s2 = await session.OpenStreamAsync(timeout.Token);
        await s1.Output.WriteAsync("hi"u8.ToArray(), timeout.Token);

        // NewStream 0 "0", NewStream 1 "1", NewStream 2 "2", MessageInitiator 1 "hi": header is id << 3 | flag.
        byte[] expected = [0x00, 0x01, (byte)'0', 0x08, 0x01, (byte)'1', 0x10, 0x01, (byte)'2', 0x0A, 0x02, (byte)'h', (byte)'i'];
        Assert.That(await ReadExactlyAsync(fromUs.Reader, expected.Length, timeout.Token), Is.EqualTo(expected));

        // js: NewStream 0 "0" (its identify stream), MessageReceiver 1 (confirmation), CloseReceiver 1,
        // MessageReceiver 2 (confirmation).
        byte[] js =
        [
            0x00, 0x01, (byte)'0',
            0x09, (byte)Confirmation.Length, .. Confirmation,
            0x0B, 0x00,
            0x11, (byte)Confirmation.Length, .. Confirmation,
        ];
        await toUs.Writer.WriteAsync(js, timeout.Token);

        IMuxedStream inbound = await session.AcceptStreamAsync(timeout.Token);
        Assert.That(inbound.IsInitiator, Is.False);
        Assert.That(inbound.Id, Is.Zero);

        Assert.That(await ReadToEndAsync(s1.Input, timeout.Token), Is.EqualTo(Confirmation), "stream 1 gets its data, then EOF");
        Assert.That(await ReadExactlyAsync(s2.Input, Confirmation.Length, timeout.Token), Is.EqualTo(Confirmation));

        // Our stream 0 got nothing: js's NewStream 0 names a different stream.
        await inbound.Output.WriteAsync("x"u8.ToArray(), timeout.Token);
        Assert.That(await ReadExactlyAsync(fromUs.Reader, 3, timeout.Token), Is.EqualTo(new byte[] { 0x01, 0x01, (byte)'x' }),
            "an inbound stream answers with MessageReceiver under the remote's ID");
        Assert.That(s0.Input.TryRead(out ReadResult none) && (none.Buffer.Length > 0 || none.IsCompleted), Is.False);

        await toUs.Writer.CompleteAsync();
    }

    private static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= count)
            {
                byte[] bytes = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }
            if (result.IsCompleted)
            {
                throw new InvalidOperationException($"ended after {result.Buffer.Length} of {count} bytes");
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                byte[] bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
