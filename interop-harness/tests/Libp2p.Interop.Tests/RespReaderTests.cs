using System.Buffers;
using System.Text;
using CsCheck;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Tests;

public sealed class RespReaderTests
{
    private static readonly RespReader Reader = new(new RespClientOptions { MaxBulkLength = 64, MaxArrayLength = 8, MaxLineLength = 32 });

    [Test]
    public void Decodes_each_reply_type_and_waits_for_partial_input()
    {
        byte[] all = Encoding.ASCII.GetBytes("*2\r\n$11\r\nlistenerAddr\r\n");
        Assert.Throws<RespException>(() => Read(all), "12 bytes where the header says 11");
        byte[] good = Encoding.ASCII.GetBytes("*2\r\n$12\r\nlistenerAddr\r\n$3\r\nabc\r\n");
        for (int cut = 0; cut < good.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(good, 0, cut);
            Assert.That(Reader.TryRead(ref partial, out _), Is.False, $"cut at {cut}");
        }
        RespReply reply = Read(good)!;
        Assert.That(reply.Items!.Select(i => i.Text), Is.EqualTo(new[] { "listenerAddr", "abc" }));
        Assert.That(Read("+PONG\r\n"u8.ToArray())!.Text, Is.EqualTo("PONG"));
        Assert.That(Read(":-7\r\n"u8.ToArray())!.Integer, Is.EqualTo(-7));
        Assert.That(Read("*-1\r\n"u8.ToArray())!.Kind, Is.EqualTo(RespReplyKind.Null));
        Assert.That(Read("$-1\r\n"u8.ToArray())!.Kind, Is.EqualTo(RespReplyKind.Null));
    }

    [Test]
    public void Limits_hold_before_allocation()
    {
        Assert.Throws<RespException>(() => Read("$65\r\n"u8.ToArray()));
        Assert.Throws<RespException>(() => Read("*9\r\n"u8.ToArray()));
        Assert.Throws<RespException>(() => Read(Encoding.ASCII.GetBytes("+" + new string('a', 40))));
        Assert.Throws<RespException>(() => Read("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"u8.ToArray()));
    }

    [Test]
    public void Arbitrary_bytes_decode_or_fail_with_a_typed_error() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            try
            {
                Read(bytes);
            }
            catch (RespException)
            {
                // The only acceptable failure.
            }
        });

    private static RespReply? Read(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        return Reader.TryRead(ref sequence, out RespReply reply) ? reply : null;
    }
}
