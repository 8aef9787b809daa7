using Libp2p.Conformance;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;

namespace Transport.Conformance.Tests;

/// <summary>TCP behaviour beyond the common suite: DNS dialing and classified errors.</summary>
[TestFixture]
public sealed class TcpSpecificTests
{
    private CancellationTokenSource _cts = null!;

    private CancellationToken Ct => _cts.Token;

    [SetUp]
    public void CreateTimeout() => _cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

    [TearDown]
    public void DisposeTimeout() => _cts.Dispose();

    [TestCase("/ip4/127.0.0.1/tcp/0", "/dns4/localhost/tcp/{0}")]
    [TestCase("/ip6/::1/tcp/0", "/dns6/localhost/tcp/{0}")]
    [Requirement("TCP-ADDR-005")]
    public async Task Dns_addresses_resolve_to_the_matching_family(string listen, string dialFormat)
    {
        if (dialFormat.StartsWith("/dns6/", StringComparison.Ordinal))
        {
            try
            {
                await System.Net.Dns.GetHostAddressesAsync("localhost", System.Net.Sockets.AddressFamily.InterNetworkV6, Ct);
            }
            catch (System.Net.Sockets.SocketException)
            {
                Assert.Ignore("this host's resolver has no IPv6 address for localhost (/etc/hosts without ::1 localhost)");
            }
        }
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse(listen), Ct);
        var port = listener.LocalAddress.ToString().Split('/')[4];
        var accept = listener.AcceptAsync(Ct).AsTask();
        await using var dialed = await transport.DialAsync(Multiaddr.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, dialFormat, port)), Ct);
        await using var accepted = await accept;
        Assert.That(dialed.RemoteAddress, Is.EqualTo(listener.LocalAddress));
    }

    [Test]
    [Requirement("TRANSPORT-DIAL-002")]
    public async Task A_refused_dial_is_classified_as_connection_refused()
    {
        var transport = new TcpTransport();
        var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), Ct);
        var address = listener.LocalAddress;
        await listener.DisposeAsync();
        var error = Assert.CatchAsync<TransportException>(async () => await transport.DialAsync(address, Ct));
        Assert.That(error!.Kind, Is.EqualTo(TransportErrorKind.ConnectionRefused));
    }

    [Test]
    [Requirement("TRANSPORT-RESET-001")]
    public async Task A_remote_abort_is_classified_as_connection_reset()
    {
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), Ct);
        var accept = listener.AcceptAsync(Ct).AsTask();
        await using var dialed = await transport.DialAsync(listener.LocalAddress, Ct);
        await using var accepted = await accept;
        var pending = PipeIo.ReadToEndAsync(dialed.Input, Ct);
        accepted.Abort();
        var error = Assert.CatchAsync<IOException>(async () => await pending);
        Assert.That(error!.InnerException, Is.InstanceOf<TransportException>()
            .With.Property(nameof(TransportException.Kind)).EqualTo(TransportErrorKind.ConnectionReset));
    }
}
