using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Libp2p.Perf.Runner;

/// <summary>
/// The HTTPS-style baseline of issue 7: a plain <see cref="SslStream"/> server and client over loopback TCP, without
/// libp2p. It serves the same exchange as perf (8-byte size, upload, half-close, download) so figures compare 1:1.
/// </summary>
public sealed class HttpsBaseline : IAsyncDisposable
{
    private const int Block = 64 * 1024;
    private readonly Socket _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _sessions = [];

    private HttpsBaseline(Socket listener, X509Certificate2 certificate)
    {
        _listener = listener;
        _certificate = certificate;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>The bound loopback endpoint.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Starts a server on 127.0.0.1 with a fresh self-signed ECDSA P-256 certificate.</summary>
    public static HttpsBaseline Start()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        return new HttpsBaseline(listener, certificate);
    }

    /// <summary>One exchange on a new TLS connection; returns the time covering connect + handshake + upload + download.</summary>
    public async Task<TimeSpan> RunAsync(long upload, long download, CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(EndPoint, cancellationToken).ConfigureAwait(false);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cancellationToken).ConfigureAwait(false);
        byte[] header = new byte[8 + 8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(header, download);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), upload);
        await tls.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        byte[] block = new byte[Block];
        for (long left = upload; left > 0;)
        {
            int n = (int)Math.Min(Block, left);
            await tls.WriteAsync(block.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            left -= n;
        }
        await tls.FlushAsync(cancellationToken).ConfigureAwait(false);
        long received = 0;
        while (received < download)
        {
            int n = await tls.ReadAsync(block, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException($"https baseline: connection closed after {received} of {download} bytes");
            }
            received += n;
        }
        return Stopwatch.GetElapsedTime(start);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was closed under the accept.
        }
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }
        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _certificate.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            lock (_sessions)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(ServeAsync(socket, cancellationToken));
            }
        }
    }

    // Framing: the client sends download size and upload size (both 8-byte big-endian) so that the server knows where
    // the upload ends without a TLS half-close (SslStream has no close_notify-only shutdown of one direction).
    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            using (socket)
            {
                await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken).ConfigureAwait(false);
                byte[] header = new byte[16];
                await tls.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                long download = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(header);
                long upload = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(8));
                if (download < 0 || upload < 0)
                {
                    return;
                }
                byte[] block = new byte[Block];
                for (long left = upload; left > 0;)
                {
                    int n = await tls.ReadAsync(block.AsMemory(0, (int)Math.Min(Block, left)), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }
                    left -= n;
                }
                Array.Clear(block);
                for (long left = download; left > 0;)
                {
                    int n = (int)Math.Min(Block, left);
                    await tls.WriteAsync(block.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    left -= n;
                }
                await tls.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            // A client that went away mid-exchange ends only its own session.
        }
    }
}
