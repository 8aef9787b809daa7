using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Wraps a client's socket and, when the client sends its first Initial, has an off-path attacker send it a forged
/// Retry (wrong integrity tag) and a Version Negotiation packet that lists QUIC v1 (RFC 9000 §6.2, §17.2.5.2).
/// </summary>
internal sealed class ForgingDatagramSocket(IDatagramSocket inner) : IDatagramSocket
{
    private readonly UdpClient _attacker = new(new IPEndPoint(IPAddress.Loopback, 0));
    private int _forged;

    public int Forged => Volatile.Read(ref _forged);

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        inner.Send(datagram, remote);
        if (datagram.Length > 7 && (datagram[0] & 0xf0) == 0xc0 && Interlocked.CompareExchange(ref _forged, 1, 0) == 0)
        {
            int dcidLength = datagram[5];
            byte[] clientScid = datagram.Slice(7 + dcidLength, datagram[6 + dcidLength]).ToArray();
            var target = new IPEndPoint(IPAddress.Loopback, inner.LocalEndPoint.Port);
            _attacker.Send(Retry(clientScid), target);
            _attacker.Send(VersionNegotiation(clientScid), target);
        }
    }

    public ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public void Dispose()
    {
        _attacker.Dispose();
        inner.Dispose();
    }

    private static byte[] Retry(byte[] clientScid)
    {
        var packet = new List<byte> { 0xf0, 0, 0, 0, 1, (byte)clientScid.Length };
        packet.AddRange(clientScid);
        packet.Add(8);
        packet.AddRange(RandomNumberGenerator.GetBytes(8));
        packet.AddRange("forged-token"u8.ToArray());
        packet.AddRange(RandomNumberGenerator.GetBytes(16));
        return [.. packet];
    }

    private static byte[] VersionNegotiation(byte[] clientScid)
    {
        var packet = new List<byte> { 0x80, 0, 0, 0, 0, (byte)clientScid.Length };
        packet.AddRange(clientScid);
        packet.Add(8);
        packet.AddRange(RandomNumberGenerator.GetBytes(8));
        packet.AddRange(new byte[] { 0x1a, 0x2a, 0x3a, 0x4a, 0, 0, 0, 1 });
        return [.. packet];
    }
}
