using System.Buffers;
using System.IO.Pipelines;
using CsCheck;
using Google.Protobuf;
using Libp2p.Protocols.Identify;
using IdentifyMessage = Libp2p.Core.Protos.Identify;

namespace Libp2p.Host.Tests;

public sealed class IdentifyCodecTests
{
    private static readonly Gen<IdentifyMessage> GenMessage =
        Gen.Select(Gen.String[0, 40], Gen.String[0, 40], Gen.Byte.Array[0, 80], Gen.String[1, 30].Array[0, 8], Gen.Byte.Array[0, 30].Array[0, 6], Gen.Bool)
            .Select((pv, av, key, protocols, addrs, hasObserved) =>
            {
                var m = new IdentifyMessage { ProtocolVersion = pv, AgentVersion = av, PublicKey = ByteString.CopyFrom(key) };
                m.Protocols.AddRange(protocols);
                m.ListenAddrs.AddRange(addrs.Select(ByteString.CopyFrom));
                if (hasObserved)
                {
                    m.ObservedAddr = ByteString.CopyFrom(key);
                }
                return m;
            });

    [Test]
    public void RoundTripsAnyMessage() =>
        GenMessage.Sample(message =>
        {
            byte[] encoded = IdentifyCodec.Encode(message);
            var sequence = new ReadOnlySequence<byte>(encoded);
            Assert.That(IdentifyCodec.TryRead(sequence, IdentifyCodec.DefaultMaxMessageSize, out IdentifyMessage? decoded, out SequencePosition end), Is.EqualTo(IdentifyReadStatus.Message));
            Assert.That(decoded, Is.EqualTo(message));
            Assert.That(sequence.Slice(end).IsEmpty, Is.True);
        });

    [Test]
    public void EveryStrictPrefixNeedsMoreData() =>
        GenMessage.Sample(message =>
        {
            byte[] encoded = IdentifyCodec.Encode(message);
            for (int i = 0; i < encoded.Length; i++)
            {
                Assert.That(IdentifyCodec.TryRead(new ReadOnlySequence<byte>(encoded, 0, i), IdentifyCodec.DefaultMaxMessageSize, out _, out _), Is.EqualTo(IdentifyReadStatus.NeedMoreData));
            }
        }, iter: 50);

    [Test]
    public void GarbageOnlyEverYieldsTypedErrors() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            try
            {
                IdentifyCodec.TryRead(new ReadOnlySequence<byte>(bytes), 256, out _, out _);
            }
            catch (IdentifyException e)
            {
                Assert.That(e.Error, Is.AnyOf(IdentifyError.Oversize, IdentifyError.Malformed, IdentifyError.InvalidLengthPrefix));
            }
        });

    [Test]
    public void OversizeLengthIsRejectedBeforeTheBody()
    {
        byte[] prefix = [0x81, 0x40]; // 8193, one more than the limit; no body follows
        var e = Assert.Throws<IdentifyException>(() => IdentifyCodec.TryRead(new ReadOnlySequence<byte>(prefix), IdentifyCodec.DefaultMaxMessageSize, out _, out _));
        Assert.That(e!.Error, Is.EqualTo(IdentifyError.Oversize));
    }

    [Test]
    public void MalformedBodyIsATypedError()
    {
        byte[] bytes = [0x03, 0x0A, 0x05, 0x01]; // field 1 claims 5 bytes, only 1 present
        var e = Assert.Throws<IdentifyException>(() => IdentifyCodec.TryRead(new ReadOnlySequence<byte>(bytes), 100, out _, out _));
        Assert.That(e!.Error, Is.EqualTo(IdentifyError.Malformed));
    }

    [Test]
    public async Task ReaderMergesSeveralMessagesUntilEndOfStream()
    {
        var first = new IdentifyMessage { AgentVersion = "a/1" };
        first.Protocols.Add("/p/1");
        var second = new IdentifyMessage { ProtocolVersion = "ipfs/0.1.0" };
        second.Protocols.Add("/p/2");
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(IdentifyCodec.Encode(first));
        await pipe.Writer.WriteAsync(IdentifyCodec.Encode(second));
        await pipe.Writer.CompleteAsync();

        IdentifyMessage merged = await IdentifyProtocol.ReadAsync(pipe.Reader, CancellationToken.None);

        Assert.That(merged.AgentVersion, Is.EqualTo("a/1"));
        Assert.That(merged.ProtocolVersion, Is.EqualTo("ipfs/0.1.0"));
        Assert.That(merged.Protocols, Is.EqualTo(new[] { "/p/1", "/p/2" }));
    }

    [Test]
    public async Task ReaderRejectsTruncatedEmptyAndTooManyMessages()
    {
        byte[] whole = IdentifyCodec.Encode(new IdentifyMessage { AgentVersion = "x/1" });
        Assert.That(await ReadError(whole[..^1]), Is.EqualTo(IdentifyError.Truncated));
        Assert.That(await ReadError([]), Is.EqualTo(IdentifyError.Empty));
        byte[] eleven = [.. Enumerable.Repeat(whole, IdentifyProtocol.DefaultMaxMessages + 1).SelectMany(b => b)];
        Assert.That(await ReadError(eleven), Is.EqualTo(IdentifyError.TooManyMessages));
        byte[] oversize = IdentifyCodec.Encode(new IdentifyMessage { AgentVersion = new string('a', 9000) });
        Assert.That(await ReadError(oversize), Is.EqualTo(IdentifyError.Oversize));
    }

    private static async Task<IdentifyError> ReadError(byte[] bytes)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();
        try
        {
            await IdentifyProtocol.ReadAsync(pipe.Reader, CancellationToken.None);
        }
        catch (IdentifyException e)
        {
            return e.Error;
        }
        Assert.Fail("no error");
        return default;
    }
}
