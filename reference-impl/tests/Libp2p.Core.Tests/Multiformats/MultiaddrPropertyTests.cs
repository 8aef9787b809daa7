using System.Text;
using CsCheck;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>Multiaddr properties: any valid binary round-trips through the string form; garbage fails only with typed errors.</summary>
public sealed class MultiaddrPropertyTests
{
    [Test]
    public void RandomValidBinary_RoundTripsThroughString()
    {
        Gen.Int.Sample(seed =>
        {
            byte[] bytes = RandomBinary(new Random(seed));
            Multiaddr addr = Multiaddr.FromBytes(bytes);
            string text = addr.ToString();
            Multiaddr again = Multiaddr.Parse(text);
            return again.Bytes.Span.SequenceEqual(bytes) && again.ToString() == text && again.Equals(addr) && again.GetHashCode() == addr.GetHashCode();
        }, iter: 3000);
    }

    [Test]
    public void ArbitraryBytes_FailOnlyWithMultiaddrFormatException()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            bool ok = Multiaddr.TryFromBytes(bytes, out Multiaddr? viaTry);
            try
            {
                Multiaddr addr = Multiaddr.FromBytes(bytes);
                return ok && addr.Equals(viaTry) && Multiaddr.Parse(addr.ToString()).Equals(addr);
            }
            catch (MultiaddrFormatException e)
            {
                return !ok && e.Problem.Length > 0;
            }
        }, iter: 20_000);
    }

    [Test]
    public void MutatedValidBinary_FailsOnlyWithMultiaddrFormatException()
    {
        Gen.Int.Select(Gen.Int, Gen.Byte).Sample((seed, position, value) =>
        {
            byte[] bytes = RandomBinary(new Random(seed));
            if (bytes.Length == 0)
            {
                return true;
            }
            bytes[(position & int.MaxValue) % bytes.Length] = value;
            int cut = (position & 0xff) % (bytes.Length + 1);
            try
            {
                Multiaddr addr = Multiaddr.FromBytes(bytes.AsSpan(0, cut));
                return Multiaddr.Parse(addr.ToString()).Equals(addr);
            }
            catch (MultiaddrFormatException)
            {
                return true;
            }
        }, iter: 5000);
    }

    [Test]
    public void ArbitraryStrings_FailOnlyWithMultiaddrFormatException()
    {
        string[] pieces = ["ip4", "tcp", "p2p", "unix", "dns", "onion", "certhash", "1.2.3.4", "80", "%2F", "%zz", "", "x", "::1", "ab:1"];
        Gen<string> segments = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]);
        segments.Array[0, 8].Select(parts => "/" + string.Join('/', parts)).Sample(text =>
        {
            bool ok = Multiaddr.TryParse(text, out _);
            try
            {
                Multiaddr.Parse(text);
                return ok;
            }
            catch (MultiaddrFormatException)
            {
                return !ok;
            }
        });
        Gen.String.Sample(text =>
        {
            try
            {
                Multiaddr.Parse(text);
                return true;
            }
            catch (MultiaddrFormatException)
            {
                return true;
            }
        });
    }

    /// <summary>Builds a random, valid binary multiaddr over the whole protocol table.</summary>
    internal static byte[] RandomBinary(Random random)
    {
        var output = new List<byte>();
        int count = random.Next(0, 8);
        MultiaddrProtocol[] protocols = MultiaddrProtocol.All.Where(p => p.Name != "ipfs").ToArray();
        Span<byte> varint = stackalloc byte[Varint.MaxLength];
        for (int i = 0; i < count; i++)
        {
            MultiaddrProtocol protocol = protocols[random.Next(protocols.Length)];
            byte[] value = RandomValue(random, protocol);
            if (output.Count + value.Length + 12 > Multiaddr.MaxBytes)
            {
                break;
            }
            output.AddRange(varint[..Varint.Write(varint, protocol.Code)].ToArray());
            if (protocol.IsVariableSize)
            {
                output.AddRange(varint[..Varint.Write(varint, (ulong)value.Length)].ToArray());
            }
            output.AddRange(value);
        }
        return [.. output];
    }

    private static byte[] RandomValue(Random random, MultiaddrProtocol protocol)
    {
        byte[] Bytes(int n)
        {
            byte[] b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        // Runs of zero groups exercise the "::" compression rules.
        byte[] ZeroRun(byte[] b)
        {
            int start = random.Next(16);
            Array.Clear(b, start, random.Next(16 - start + 1));
            return b;
        }

        byte[] WithPort(byte[] id) => [.. id, (byte)random.Next(256), (byte)random.Next(1, 256)];

        string Text(string alphabet, int max) => new(Enumerable.Range(0, random.Next(1, max)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

        return protocol.Name switch
        {
            "ip4" => Bytes(4),
            "ip6" => ZeroRun(Bytes(16)),
            "tcp" or "udp" or "dccp" or "sctp" => Bytes(2),
            "ipcidr" => Bytes(1),
            "dns" or "dns4" or "dns6" or "dnsaddr" or "sni" or "ip6zone" or "memory" => Encoding.UTF8.GetBytes(Text("abcxyz019.-_é", 30)),
            "unix" or "http-path" => Encoding.UTF8.GetBytes(Text("ab/%? #€😀.", 30)),
            "p2p" => random.Next(2) == 0 ? Multihash.Sum(Multihash.Sha2_256, Bytes(8)) : Multihash.Encode(Multihash.Identity, Bytes(36)),
            "certhash" => Multihash.Encode((ulong)random.Next(0x12, 0x20), Bytes(random.Next(0, 64))),
            "onion" => WithPort(Bytes(10)),
            "onion3" => WithPort(Bytes(35)),
            "garlic64" => Bytes(random.Next(386, 463)),
            "garlic32" => random.Next(2) == 0 ? Bytes(32) : Bytes(random.Next(35, 80)),
            _ when !protocol.HasValue => [],
            _ => throw new InvalidOperationException($"no generator for {protocol.Name}"),
        };
    }
}
