using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>RFC 9001 Appendix A: sample packet protection, byte for byte.</summary>
public sealed class Rfc9001VectorTests
{
    private static readonly byte[] Dcid = Convert.FromHexString("8394c8f03e515708");

    private static byte[] Hex(string s) => Convert.FromHexString(string.Concat(s.Where(Uri.IsHexDigit)));

    internal const string ClientCrypto =
        "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868" +
        "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578" +
        "616d706c652e636f6dff01000100000a00080006001d00170018001000070005" +
        "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba" +
        "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400" +
        "0d0010000e0403050306030203080408050806002d00020101001c0002400100" +
        "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000" +
        "75300901100f088394c8f03e51570806048000ffff";

    internal const string ClientProtected =
        "c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11d242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399" +
        "1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212" +
        "30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5457afd84d05dfffdb20392844ae812154682e9cf012f9021a6f0be17ddd0c208" +
        "4dce25ff9b06cde535d0f920a2db1bf362c23e596d11a4f5a6cf3948838a3aec4e15daf8500a6ef69ec4e3feb6b1d98e610ac8b7ec3faf6ad760b7bad1db4ba3" +
        "485e8a94dc250ae3fdb41ed15fb6a8e5eba0fc3dd60bc8e30c5c4287e53805db059ae0648db2f64264ed5e39be2e20d82df566da8dd5998ccabdae053060ae6c" +
        "7b4378e846d29f37ed7b4ea9ec5d82e7961b7f25a9323851f681d582363aa5f89937f5a67258bf63ad6f1a0b1d96dbd4faddfcefc5266ba6611722395c906556" +
        "be52afe3f565636ad1b17d508b73d8743eeb524be22b3dcbc2c7468d54119c7468449a13d8e3b95811a198f3491de3e7fe942b330407abf82a4ed7c1b311663a" +
        "c69890f4157015853d91e923037c227a33cdd5ec281ca3f79c44546b9d90ca00f064c99e3dd97911d39fe9c5d0b23a229a234cb36186c4819e8b9c5927726632" +
        "291d6a418211cc2962e20fe47feb3edf330f2c603a9d48c0fcb5699dbfe5896425c5bac4aee82e57a85aaf4e2513e4f05796b07ba2ee47d80506f8d2c25e50fd" +
        "14de71e6c418559302f939b0e1abd576f279c4b2e0feb85c1f28ff18f58891ffef132eef2fa09346aee33c28eb130ff28f5b766953334113211996d20011a198" +
        "e3fc433f9f2541010ae17c1bf202580f6047472fb36857fe843b19f5984009ddc324044e847a4f4a0ab34f719595de37252d6235365e9b84392b061085349d73" +
        "203a4a13e96f5432ec0fd4a1ee65accdd5e3904df54c1da510b0ff20dcc0c77fcb2c0e0eb605cb0504db87632cf3d8b4dae6e705769d1de354270123cb11450e" +
        "fc60ac47683d7b8d0f811365565fd98c4c8eb936bcab8d069fc33bd801b03adea2e1fbc5aa463d08ca19896d2bf59a071b851e6c239052172f296bfb5e724047" +
        "90a2181014f3b94a4e97d117b438130368cc39dbb2d198065ae3986547926cd2162f40a29f0c3c8745c0f50fba3852e566d44575c29d39a03f0cda721984b6f4" +
        "40591f355e12d439ff150aab7613499dbd49adabc8676eef023b15b65bfc5ca06948109f23f350db82123535eb8a7433bdabcb909271a6ecbcb58b936a88cd4e" +
        "8f2e6ff5800175f113253d8fa9ca8885c2f552e657dc603f252e1a8e308f76f0be79e2fb8f5d5fbbe2e30ecadd220723c8c0aea8078cdfcb3868263ff8f09400" +
        "54da48781893a7e49ad5aff4af300cd804a6b6279ab3ff3afb64491c85194aab760d58a606654f9f4400e8b38591356fbf6425aca26dc85244259ff2b19c41b9" +
        "f96f3ca9ec1dde434da7d2d392b905ddf3d1f9af93d1af5950bd493f5aa731b4056df31bd267b6b90a079831aaf579be0a39013137aac6d404f518cfd4684064" +
        "7e78bfe706ca4cf5e9c5453e9f7cfd2b8b4c8d169a44e55c88d4a9a7f9474241e221af44860018ab0856972e194cd934";

    [Test]
    [Requirement("QUIC-TLS-001")]
    public void A1_InitialSecretsAndKeys()
    {
        (byte[] client, byte[] server) = InitialSecrets.Derive(Dcid);
        Assert.That(Convert.ToHexStringLower(client), Is.EqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"));
        Assert.That(Convert.ToHexStringLower(server), Is.EqualTo("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b"));
        using var c = PacketProtection.FromSecret(CipherSuite.Aes128GcmSha256, client);
        using var s = PacketProtection.FromSecret(CipherSuite.Aes128GcmSha256, server);
        Assert.That(Convert.ToHexStringLower(c.Key), Is.EqualTo("1f369613dd76d5467730efcbe3b1a22d"));
        Assert.That(Convert.ToHexStringLower(c.Iv), Is.EqualTo("fa044b2f42a3fd3b46fb255c"));
        Assert.That(Convert.ToHexStringLower(c.HeaderProtectionKey), Is.EqualTo("9f50449e04a0e810283a1e9933adedd2"));
        Assert.That(Convert.ToHexStringLower(s.Key), Is.EqualTo("cf3a5331653c364c88f0f379b6067e37"));
        Assert.That(Convert.ToHexStringLower(s.Iv), Is.EqualTo("0ac1493ca1905853b0bba03e"));
        Assert.That(Convert.ToHexStringLower(s.HeaderProtectionKey), Is.EqualTo("c206b8d9b9f0f37644430b490eeaa314"));
    }

    [Test]
    [Requirement("QUIC-TLS-001")]
    [Requirement("QUIC-TLS-002")]
    public void A2_ClientInitial_SealsToThePublishedPacket_AndOpensBack()
    {
        (PacketProtection send, PacketProtection receive) = InitialSecrets.Keys(Dcid, isClient: true);
        using var _ = send;
        using var __ = receive;
        var packet = new byte[1200];
        var writer = new SpanWriter(packet);
        int lengthOffset = PacketBuilder.WriteLongHeader(ref writer, PacketType.Initial, Dcid, [], [], 2);
        Hex(ClientCrypto).CopyTo(packet, writer.Position);
        PacketBuilder.SealLong(packet, lengthOffset, 2, send);
        Assert.That(Convert.ToHexStringLower(packet), Is.EqualTo(ClientProtected));

        using var serverReceive = InitialSecrets.Keys(Dcid, isClient: false).Receive;
        Assert.That(PacketParser.TryParse(packet, 8, out PacketHeader header), Is.True);
        Assert.That(header.Type, Is.EqualTo(PacketType.Initial));
        Assert.That(header.PacketLength, Is.EqualTo(1200));
        Assert.That(PacketParser.TryUnprotect(packet, header, serverReceive, -1, out long pn, out int offset, out int length), Is.True);
        Assert.That(pn, Is.EqualTo(2));
        Assert.That(Convert.ToHexStringLower(packet.AsSpan(offset, 245)), Is.EqualTo(ClientCrypto));
        Assert.That(packet.AsSpan(offset + 245, length - 245).ContainsAnyExcept((byte)0), Is.False);
    }

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void A3_ServerInitial_WithTwoBytePacketNumber()
    {
        byte[] header = Hex("c1000000010008f067a5502a4262b50040750001");
        byte[] plaintext = Hex("02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf73988cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c940d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00020304");
        const string expected = "cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc42158407dd074ee";
        using var server = InitialSecrets.Keys(Dcid, isClient: false).Send;
        var packet = new byte[header.Length + plaintext.Length + 16];
        header.CopyTo(packet, 0);
        plaintext.CopyTo(packet, header.Length);
        PacketBuilder.Seal(packet, 18, 2, 1, server, isLong: true);
        Assert.That(Convert.ToHexStringLower(packet), Is.EqualTo(expected));

        using var clientReceive = InitialSecrets.Keys(Dcid, isClient: true).Receive;
        Assert.That(PacketParser.TryParse(packet, 0, out PacketHeader parsed), Is.True);
        Assert.That(PacketParser.TryUnprotect(packet, parsed, clientReceive, 0, out long pn, out int offset, out int length), Is.True);
        Assert.That(pn, Is.EqualTo(1));
        Assert.That(packet.AsSpan(offset, length).ToArray(), Is.EqualTo(plaintext));
        Assert.That(packet.AsSpan(0, header.Length).ToArray(), Is.EqualTo(header));
    }

    [Test]
    [Requirement("QUIC-RETRY-001")]
    public void A4_RetryIntegrityTag_AndEveryCorruptionIsRejected()
    {
        byte[] retry = Hex("ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba");
        Span<byte> tag = stackalloc byte[16];
        PacketBuilder.RetryIntegrityTag(Dcid, retry.AsSpan(0, retry.Length - 16), tag);
        Assert.That(Convert.ToHexStringLower(tag), Is.EqualTo("04a265ba2eff4d829058fb3f0f2496ba"));
        Assert.That(PacketBuilder.RetryIsAuthentic(Dcid, retry), Is.True);
        for (int i = 0; i < retry.Length; i++)
        {
            byte[] bad = (byte[])retry.Clone();
            bad[i] ^= 1;
            Assert.That(PacketBuilder.RetryIsAuthentic(Dcid, bad), Is.False, $"byte {i}");
        }
        Assert.That(PacketBuilder.RetryIsAuthentic(new byte[8], retry), Is.False);
        Assert.That(PacketParser.TryParse(retry, 0, out PacketHeader header), Is.True);
        Assert.That(header.Type, Is.EqualTo(PacketType.Retry));
        Assert.That(System.Text.Encoding.ASCII.GetString(retry, header.TokenOffset, header.TokenLength), Is.EqualTo("token"));
    }

    [Test]
    [Requirement("QUIC-TLS-003")]
    public void A5_ChaCha20Poly1305ShortHeader()
    {
        byte[] secret = Hex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
        using var keys = PacketProtection.FromSecret(CipherSuite.ChaCha20Poly1305Sha256, secret);
        Assert.That(Convert.ToHexStringLower(keys.Key), Is.EqualTo("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"));
        Assert.That(Convert.ToHexStringLower(keys.Iv), Is.EqualTo("e0459b3474bdd0e44a41c144"));
        Assert.That(Convert.ToHexStringLower(keys.HeaderProtectionKey), Is.EqualTo("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"));
        using PacketProtection next = keys.NextPhase();
        Assert.That(Convert.ToHexStringLower(next.Secret), Is.EqualTo("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9"));
        Span<byte> mask = stackalloc byte[5];
        keys.HeaderMask(Hex("5e5cd55c41f69080575d7999c25a5bfb"), mask);
        Assert.That(Convert.ToHexStringLower(mask), Is.EqualTo("aefefe7d03"));

        byte[] packet = new byte[21];
        Hex("4200bff4").CopyTo(packet, 0);
        packet[4] = 0x01;
        PacketBuilder.Seal(packet, 1, 3, 654360564, keys, isLong: false);
        Assert.That(Convert.ToHexStringLower(packet), Is.EqualTo("4cfe4189655e5cd55c41f69080575d7999c25a5bfb"));

        Assert.That(PacketParser.TryParse(packet, 0, out PacketHeader header), Is.True);
        Assert.That(header.Type, Is.EqualTo(PacketType.OneRtt));
        Assert.That(PacketParser.TryUnprotect(packet, header, keys, 654360563, out long pn, out int offset, out int length), Is.True);
        Assert.That(pn, Is.EqualTo(654360564));
        Assert.That(packet.AsSpan(offset, length).ToArray(), Is.EqualTo(new byte[] { 0x01 }));
    }

    [Test]
    [Requirement("QUIC-TLS-002")]
    public void CorruptedPacket_FailsAuthentication_AndIsLeftUnchanged()
    {
        byte[] packet = Hex(ClientProtected);
        packet[600] ^= 0x40;
        byte[] before = (byte[])packet.Clone();
        using var serverReceive = InitialSecrets.Keys(Dcid, isClient: false).Receive;
        Assert.That(PacketParser.TryParse(packet, 8, out PacketHeader header), Is.True);
        Assert.That(PacketParser.TryUnprotect(packet, header, serverReceive, -1, out _, out _, out _), Is.False);
        Assert.That(packet, Is.EqualTo(before));
    }

    [Test]
    [Requirement("QUIC-PKT-002")]
    public void PacketNumberDecoding_FollowsAppendixA3()
    {
        Assert.That(PacketParser.DecodePacketNumber(0xa82f30ea, 0x9b32, 16), Is.EqualTo(0xa82f9b32));
        Assert.That(PacketParser.DecodePacketNumber(-1, 0, 32), Is.EqualTo(0));
        Assert.That(PacketParser.DecodePacketNumber(0xff, 0x01, 8), Is.EqualTo(0x101));
    }
}
