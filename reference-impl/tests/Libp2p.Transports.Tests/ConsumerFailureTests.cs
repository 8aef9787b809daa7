using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.WebSockets;

namespace Libp2p.Transports.Tests;

/// <summary>
/// A layer above a transport (a failed security handshake, say) completes the transport's input or output with its
/// error. The transport's receive loop then sees that error from its next flush, its send loop from its next read:
/// each must stop as "consumer gone", so the connection still closes cleanly instead of rethrowing somebody else's
/// exception from its disposal.
/// </summary>
public sealed class ConsumerFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static IEnumerable<TestCaseData> Transports()
    {
        yield return new TestCaseData(new TcpTransport(), "/ip4/127.0.0.1/tcp/0").SetArgDisplayNames("tcp");
        yield return new TestCaseData(new WebSocketTransport(), "/ip4/127.0.0.1/tcp/0/ws").SetArgDisplayNames("ws");
    }

    [TestCaseSource(nameof(Transports))]
    public async Task A_consumer_that_fails_its_reader_does_not_fault_the_connection_close(ITransport transport, string listenAddress)
    {
        await using IConnectionListener listener = await transport.ListenAsync(Multiaddr.Parse(listenAddress));
        Task<IRawConnection> accepting = listener.AcceptAsync().AsTask();
        await using IRawConnection dialed = await transport.DialAsync(listener.LocalAddress).AsTask().WaitAsync(Timeout);
        IRawConnection accepted = await accepting.WaitAsync(Timeout);

        await accepted.Input.CompleteAsync(new InvalidOperationException("handshake failed above the transport"));
        // Keep sending so the accepted side's receive loop has data to flush into the failed consumer.
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < 8; i++)
        {
            await dialed.Output.WriteAsync(chunk).AsTask().WaitAsync(Timeout);
        }

        Assert.DoesNotThrowAsync(async () => await accepted.DisposeAsync().AsTask().WaitAsync(Timeout));
    }

    [TestCaseSource(nameof(Transports))]
    public async Task A_producer_that_fails_its_writer_does_not_fault_the_connection_close(ITransport transport, string listenAddress)
    {
        await using IConnectionListener listener = await transport.ListenAsync(Multiaddr.Parse(listenAddress));
        Task<IRawConnection> accepting = listener.AcceptAsync().AsTask();
        IRawConnection dialed = await transport.DialAsync(listener.LocalAddress).AsTask().WaitAsync(Timeout);
        await using IRawConnection accepted = await accepting.WaitAsync(Timeout);

        await dialed.Output.WriteAsync(new byte[1024]).AsTask().WaitAsync(Timeout);
        await dialed.Output.CompleteAsync(new InvalidOperationException("session aborted above the transport"));

        Assert.DoesNotThrowAsync(async () => await dialed.DisposeAsync().AsTask().WaitAsync(Timeout));
    }
}
