namespace Libp2p.Transports.Quic.Internal;

/// <summary>Initial packet secrets (RFC 9001 §5.2): derived from the client's first Destination Connection ID.</summary>
internal static class InitialSecrets
{
    /// <summary>The QUIC version 1 initial salt (RFC 9001 §5.2).</summary>
    public static ReadOnlySpan<byte> Salt =>
        [0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a];

    /// <summary>Returns (client_initial_secret, server_initial_secret).</summary>
    public static (byte[] Client, byte[] Server) Derive(ReadOnlySpan<byte> clientDestinationConnectionId)
    {
        byte[] initial = HkdfLabel.Extract(Salt, clientDestinationConnectionId);
        return (HkdfLabel.Expand(initial, "client in", default, 32), HkdfLabel.Expand(initial, "server in", default, 32));
    }

    /// <summary>Packet protection for both directions; <paramref name="isClient"/> selects which one is "ours".</summary>
    public static (PacketProtection Send, PacketProtection Receive) Keys(ReadOnlySpan<byte> clientDestinationConnectionId, bool isClient)
    {
        (byte[] client, byte[] server) = Derive(clientDestinationConnectionId);
        var c = PacketProtection.FromSecret(CipherSuite.Aes128GcmSha256, client);
        var s = PacketProtection.FromSecret(CipherSuite.Aes128GcmSha256, server);
        return isClient ? (c, s) : (s, c);
    }
}
