using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Libp2p.Interop.Redis;

/// <summary>
/// A minimal Redis client speaking RESP2 (https://redis.io/docs/latest/develop/reference/protocol-spec/) for the
/// test-plans coordination: <c>PING</c>, <c>RPUSH</c>, <c>BLPOP</c>, <c>DEL</c>. One command at a time; every reply has
/// a timeout and size limits; after any failure the connection is considered broken.
/// </summary>
public sealed class RespClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly RespReader _decoder;
    private readonly RespClientOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _broken;

    private RespClient(Socket socket, RespClientOptions options)
    {
        _socket = socket;
        _options = options;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        _decoder = new RespReader(options);
    }

    /// <summary>
    /// Connects to <paramref name="address"/> (<c>host:port</c>, IPv6 as <c>[::1]:port</c>, or <c>unix:/path</c> for a
    /// Unix-domain socket, which is how the harness reaches a Redis server inside a network namespace).
    /// </summary>
    public static async Task<RespClient> ConnectAsync(string address, RespClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= new RespClientOptions();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        if (address.StartsWith(UnixPrefix, StringComparison.Ordinal))
        {
            return await ConnectUnixAsync(address, options, timeout.Token, cancellationToken).ConfigureAwait(false);
        }
        (string host, int port) = ParseAddress(address);
        try
        {
            IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                throw new RespException($"cannot resolve Redis host '{host}'");
            }
            var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(addresses[0], port), timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            return new RespClient(socket, options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RespException($"connecting to Redis at {address} timed out after {options.ConnectTimeout.TotalSeconds} s");
        }
        catch (SocketException e)
        {
            throw new RespException($"cannot connect to Redis at {address}: {e.SocketErrorCode}", e);
        }
    }

    /// <summary>The address prefix naming a Unix-domain socket path.</summary>
    public const string UnixPrefix = "unix:";

    private static async Task<RespClient> ConnectUnixAsync(string address, RespClientOptions options, CancellationToken timeout, CancellationToken cancellationToken)
    {
        string path = address[UnixPrefix.Length..];
        if (path.Length == 0)
        {
            throw new RespException($"malformed Redis address '{address}' (want unix:/path)");
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout).ConfigureAwait(false);
            return new RespClient(socket, options);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RespException($"connecting to Redis at {address} timed out after {options.ConnectTimeout.TotalSeconds} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RespException($"cannot connect to Redis at {address}: {e.SocketErrorCode}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Parses <c>host:port</c>; throws <see cref="RespException"/> on a malformed address.</summary>
    public static (string Host, int Port) ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new RespException($"malformed Redis address '{address}' (want host:port)");
        }
        string host = address[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return (host, port);
    }

    /// <summary><c>PING</c>: true when the server answers <c>PONG</c>.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        RespReply reply = await ExecuteAsync(["PING"], _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return reply is { Kind: RespReplyKind.SimpleString, Text: "PONG" };
    }

    /// <summary><c>RPUSH key value</c>: appends to a list; returns the new length.</summary>
    public async Task<long> RPushAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        RespReply reply = await ExecuteAsync(["RPUSH", key, value], _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return ExpectInteger(reply, "RPUSH");
    }

    /// <summary><c>DEL key...</c>: returns the number of keys removed.</summary>
    public async Task<long> DelAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RespReply reply = await ExecuteAsync(["DEL", .. keys], _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return ExpectInteger(reply, "DEL");
    }

    /// <summary>
    /// <c>BLPOP key timeout</c>: waits up to <paramref name="timeout"/> (whole seconds, at least 1; 0 would block forever)
    /// for an element; returns it, or null when the server's timeout expired.
    /// </summary>
    public async Task<string?> BLPopAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        long seconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));
        RespReply reply = await ExecuteAsync(
            ["BLPOP", key, seconds.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(seconds) + _options.CommandTimeout,
            cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            { Kind: RespReplyKind.Null } => null,
            { Kind: RespReplyKind.Array, Items: [{ Kind: RespReplyKind.BulkString }, { Kind: RespReplyKind.BulkString, Text: string value }] } => value,
            _ => throw Unexpected(reply, "BLPOP"),
        };
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _gate.Dispose();
    }

    private async Task<RespReply> ExecuteAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_broken)
            {
                throw new RespException("the Redis connection is broken by an earlier failure");
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await WriteCommandAsync(arguments, deadline.Token).ConfigureAwait(false);
                RespReply reply = await ReadReplyAsync(deadline.Token).ConfigureAwait(false);
                return reply.Kind == RespReplyKind.Error ? throw new RespException($"Redis {arguments[0]} failed: {reply.Text}") : reply;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _broken = true;
                throw new RespException($"Redis {arguments[0]} got no reply within {timeout.TotalSeconds} s");
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                _broken = true;
                throw new RespException($"Redis connection failed during {arguments[0]}: {e.Message}", e);
            }
            catch
            {
                _broken = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask WriteCommandAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        WriteHeader(writer, '*', arguments.Count);
        foreach (string argument in arguments)
        {
            int length = Encoding.UTF8.GetByteCount(argument);
            WriteHeader(writer, '$', length);
            Encoding.UTF8.GetBytes(argument, writer);
            writer.Write("\r\n"u8);
        }
        await _stream.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteHeader(ArrayBufferWriter<byte> writer, char type, int value)
    {
        Span<byte> span = writer.GetSpan(16);
        span[0] = (byte)type;
        value.TryFormat(span[1..], out int written, default, CultureInfo.InvariantCulture);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(3 + written);
    }

    private async ValueTask<RespReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (_decoder.TryRead(ref buffer, out RespReply reply))
            {
                _reader.AdvanceTo(buffer.Start);
                return reply;
            }
            if (result.IsCompleted)
            {
                throw new RespException("Redis closed the connection before a complete reply");
            }
            _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static long ExpectInteger(RespReply reply, string command) =>
        reply.Kind == RespReplyKind.Integer ? reply.Integer : throw Unexpected(reply, command);

    private static RespException Unexpected(RespReply reply, string command) =>
        new($"unexpected {reply.Kind} reply to {command}");
}
