using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Muxers.Mplex;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// Reads what the target sends, byte-exact and bounded: multistream-select messages, yamux frames, mplex messages,
/// and "the target closed the connection". Anything malformed is a <see cref="WireViolationException"/> quoting
/// the observed bytes.
/// </summary>
public static class WireReader
{
    /// <summary>How long a check waits for the target to close a connection it must abort.</summary>
    public static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    /// <summary>Largest multistream message accepted from the target (go-multistream and js-libp2p cap at 1024).</summary>
    public const int MaxMultistreamMessage = 1024;

    /// <summary>Largest yamux Data frame body accepted from the target.</summary>
    public const int MaxYamuxBody = 16 * 1024 * 1024;

    /// <summary>Encodes one multistream-select message: varint(length + 1), the UTF-8 text, 0x0a.</summary>
    public static byte[] Multistream(string text)
    {
        byte[] body = Encoding.UTF8.GetBytes(text + "\n");
        var writer = new ArrayBufferWriter<byte>();
        Varint.Write(writer, (ulong)body.Length);
        writer.Write(body);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads one multistream-select message and returns its body (newline included, as on the wire); null when the
    /// target closed the connection first.
    /// </summary>
    public static async Task<byte[]?> ReadMultistreamAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            VarintStatus status = Varint.TryRead(buffer, out ulong length, out int consumed);
            if (status is VarintStatus.Overflow or VarintStatus.NotMinimal)
            {
                throw new WireViolationException($"multistream length prefix is not a minimal unsigned varint; observed {Observed(buffer)}");
            }
            if (status == VarintStatus.Ok)
            {
                if (length > MaxMultistreamMessage)
                {
                    throw new WireViolationException($"multistream message of {length} bytes, above {MaxMultistreamMessage}; observed {Observed(buffer)}");
                }
                if (buffer.Length >= consumed + (long)length)
                {
                    byte[] body = buffer.Slice(consumed, (long)length).ToArray();
                    input.AdvanceTo(buffer.GetPosition(consumed + (long)length));
                    return body;
                }
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new WireViolationException($"the target closed inside a multistream message; observed {Observed(buffer)}");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads one multistream message and requires it to be exactly <paramref name="expected"/> plus a newline.</summary>
    public static async Task ExpectMultistreamAsync(PipeReader input, string expected, string what, CancellationToken cancellationToken)
    {
        byte[]? body = await ReadMultistreamAsync(input, cancellationToken).ConfigureAwait(false)
            ?? throw new WireViolationException($"the target closed the connection instead of sending {what} '{expected}'");
        byte[] wanted = Encoding.UTF8.GetBytes(expected + "\n");
        if (!body.AsSpan().SequenceEqual(wanted))
        {
            throw new WireViolationException(
                $"expected {what} {Convert.ToHexStringLower(Multistream(expected))} ('{expected}\\n'), observed body {WireViolationException.Hex(body)} ('{Printable(body)}')");
        }
    }

    /// <summary>
    /// Reads until the target closes (end of stream, reset or socket error) and returns the bytes seen meanwhile;
    /// throws <see cref="WireViolationException"/> when the connection is still open after <paramref name="within"/>.
    /// </summary>
    public static async Task<byte[]> ExpectClosedAsync(PipeReader input, TimeSpan within, string why, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        var seen = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(deadline.Token).ConfigureAwait(false);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    if (seen.WrittenCount < 4096)
                    {
                        seen.Write(segment.Span[..Math.Min(segment.Length, 4096 - seen.WrittenCount)]);
                    }
                }
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return seen.WrittenSpan.ToArray();
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WireViolationException(
                $"{why}: the connection was still open {within.TotalSeconds:0} s later; observed meanwhile {WireViolationException.Hex(seen.WrittenSpan)}");
        }
        catch (Exception e) when (IsConnectionError(e))
        {
            return seen.WrittenSpan.ToArray();
        }
    }

    /// <summary>Whether <paramref name="e"/> means the connection was closed or reset by the target.</summary>
    public static bool IsConnectionError(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or Libp2pException or ProtocolViolationException or System.Security.Authentication.AuthenticationException;

    /// <summary>Reads the next yamux frame; null when the target closed the connection.</summary>
    public static async Task<(YamuxHeader Header, byte[] Body)?> ReadYamuxAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length >= YamuxHeader.Size)
            {
                YamuxHeaderStatus status = YamuxHeader.TryRead(buffer, out YamuxHeader header);
                if (status != YamuxHeaderStatus.Ok)
                {
                    throw new WireViolationException($"invalid yamux header ({status}); observed {Observed(buffer.Slice(0, YamuxHeader.Size))}");
                }
                long bodyLength = header.Type == YamuxFrameType.Data ? header.Length : 0;
                if (bodyLength > MaxYamuxBody)
                {
                    throw new WireViolationException($"yamux Data frame of {bodyLength} bytes on stream {header.StreamId}");
                }
                if (buffer.Length >= YamuxHeader.Size + bodyLength)
                {
                    byte[] body = buffer.Slice(YamuxHeader.Size, bodyLength).ToArray();
                    input.AdvanceTo(buffer.GetPosition(YamuxHeader.Size + bodyLength));
                    return (header, body);
                }
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new WireViolationException($"the target closed mid-frame; observed {Observed(buffer)}");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the next mplex message, at most <paramref name="maxLength"/> bytes; null when the target closed.</summary>
    public static async Task<(MplexFrameHeader Header, byte[] Body)?> ReadMplexAsync(PipeReader input, int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            MplexReadStatus status = MplexFrameHeader.TryRead(buffer, maxLength, out MplexFrameHeader header, out int consumed);
            if (status == MplexReadStatus.Ok && buffer.Length >= consumed + header.Length)
            {
                byte[] body = buffer.Slice(consumed, header.Length).ToArray();
                input.AdvanceTo(buffer.GetPosition(consumed + header.Length));
                return (header, body);
            }
            if (status is not MplexReadStatus.Ok and not MplexReadStatus.NeedMoreData)
            {
                throw new WireViolationException($"invalid mplex message header ({status}, limit {maxLength} bytes); observed {Observed(buffer)}");
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new WireViolationException($"the target closed mid-message; observed {Observed(buffer)}");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Up to 64 bytes of <paramref name="buffer"/> as hex.</summary>
    public static string Observed(in ReadOnlySequence<byte> buffer) =>
        WireViolationException.Hex(buffer.Slice(0, Math.Min(buffer.Length, 64)).ToArray()) + (buffer.Length > 64 ? $"... ({buffer.Length} bytes)" : string.Empty);

    /// <summary>Printable ASCII of <paramref name="bytes"/>, other bytes as '.'.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (byte b in bytes[..Math.Min(bytes.Length, 128)])
        {
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        }
        return text.ToString();
    }
}
