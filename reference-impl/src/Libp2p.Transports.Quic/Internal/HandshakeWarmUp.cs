using System.Security.Cryptography.X509Certificates;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Runs one complete TLS 1.3 handshake for QUIC (RFC 9001 §4) in memory, our certificate on both sides, and one
/// 1-RTT packet sealed and opened with the keys it produced. A new process compiles the handshake code on its
/// first connection, and that dominated a cold dial: the libp2p certificate check alone (tls/tls.md, including
/// BouncyCastle's ECDSA self-signature path) took about 150 ms on first use and 1 ms after, on each side. The
/// transport runs this when it is created, so a listener is ready before its first peer arrives and a dialer
/// compiles while its first Initial is in flight.
/// </summary>
internal static class HandshakeWarmUp
{
    /// <summary>The warm-up handshake; true when both sides completed and a packet survived the round trip.</summary>
    public static bool Run(X509Certificate2 certificate)
    {
        try
        {
            return Handshake(certificate);
        }
        catch (Exception ex) when (ex is QuicException or System.Security.Cryptography.CryptographicException)
        {
            // A certificate that cannot complete a handshake with itself fails every real one the same way, loudly.
            return false;
        }
    }

    private static bool Handshake(X509Certificate2 certificate)
    {
        byte[] clientCid = [1, 2, 3, 4, 5, 6, 7, 8];
        var clientParameters = new TransportParameters { InitialSourceConnectionId = clientCid, InitialMaxStreamsBidi = 1 };
        var serverParameters = new TransportParameters
        {
            InitialSourceConnectionId = [8, 7, 6, 5, 4, 3, 2, 1],
            OriginalDestinationConnectionId = clientCid,
            StatelessResetToken = new byte[16],
            InitialMaxStreamsBidi = 1,
        };
        using var client = new TlsHandshake(true, certificate, clientParameters.Encode(), null);
        using var server = new TlsHandshake(false, certificate, serverParameters.Encode(), null);
        client.Start();
        for (int round = 0; round < 8 && !(client.IsComplete && server.IsComplete); round++)
        {
            foreach (EncryptionLevel level in Enum.GetValues<EncryptionLevel>())
            {
                if (client.HasOutput(level))
                {
                    server.OnCryptoData(level, client.TakeOutput(level));
                }
                if (server.HasOutput(level))
                {
                    client.OnCryptoData(level, server.TakeOutput(level));
                }
            }
        }
        if (!client.IsComplete || !server.IsComplete || client.OneRttKeys is not { } sending || server.OneRttKeys is not { } receiving)
        {
            return false;
        }
        bool opened = RoundTrip(sending.Send, receiving.Receive);
        foreach (PacketProtection keys in new[] { sending.Send, sending.Receive, receiving.Send, receiving.Receive })
        {
            keys.Dispose();
        }
        if (client.HandshakeKeys is { } ch && server.HandshakeKeys is { } sh)
        {
            foreach (PacketProtection keys in new[] { ch.Send, ch.Receive, sh.Send, sh.Receive })
            {
                keys.Dispose();
            }
        }
        return opened;
    }

    private static bool RoundTrip(PacketProtection send, PacketProtection receive)
    {
        Span<byte> packet = stackalloc byte[64];
        var w = new SpanWriter(packet);
        PacketBuilder.WriteShortHeader(ref w, [8, 7, 6, 5, 4, 3, 2, 1], false, 0);
        int pnOffset = w.Position - PacketBuilder.PacketNumberLength;
        FrameWriter.Ping(ref w);
        while (w.Remaining > PacketProtection.TagLength)
        {
            w.WriteByte(0);
        }
        PacketBuilder.SealShort(packet, pnOffset, 0, send);
        return PacketParser.TryParse(packet, 8, out PacketHeader header)
            && PacketParser.TryUnprotect(packet, header, receive, -1, out long pn, out _, out _)
            && pn == 0;
    }
}
