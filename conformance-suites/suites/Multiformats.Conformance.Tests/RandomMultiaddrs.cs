using System.Globalization;
using System.Text;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>
/// Deterministic generator of random, valid multiaddr strings over the protocols whose encoding implementations agree on
/// (every protocols.csv row except the known divergences listed in <see cref="ExcludedProtocols"/>). Values are written
/// in varied but valid spellings (compressed and full IPv6, IPv4-embedded IPv6, several multibases, /ipfs aliases,
/// CID peer IDs) so both parsers' normalisation is exercised.
/// </summary>
internal sealed class RandomMultiaddrs
{
    /// <summary>
    /// Protocols left out of the byte-for-byte cross-check, with the reason (@multiformats/multiaddr 13.0.3):
    /// http-path: js stores a leading '/' in the binary value ("/user"); go-multiaddr, rust-multiaddr and
    /// protocols/httppath.md store the segment itself. garlic64/garlic32: js has no transcoder and stores the
    /// text as UTF-8; go-multiaddr (which defined them) stores the decoded I2P bytes, as we do.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ExcludedProtocols = new Dictionary<string, string>
    {
        ["http-path"] = "js-multiaddr 13 prefixes '/' to the binary value",
        ["garlic64"] = "js-multiaddr 13 stores the text as UTF-8 instead of I2P base64-decoded bytes",
        ["garlic32"] = "js-multiaddr 13 stores the text as UTF-8 instead of base32-decoded bytes",
    };

    private static readonly string[] Flags =
    [
        "quic", "quic-v1", "ws", "wss", "tls", "noise", "webtransport", "webrtc", "webrtc-direct", "p2p-circuit",
        "http", "https", "udt", "utp", "p2p-websocket-star", "p2p-stardust", "p2p-webrtc-star", "p2p-webrtc-direct",
    ];

    private static readonly string[] ValueProtocols =
    [
        "ip4", "ip6", "tcp", "udp", "dccp", "sctp", "dns", "dns4", "dns6", "dnsaddr", "sni", "ip6zone", "ipcidr",
        "p2p", "ipfs", "certhash", "unix", "onion", "onion3", "memory",
    ];

    private readonly Random _random;

    public RandomMultiaddrs(int seed) => _random = new Random(seed);

    /// <summary>Every protocol name this generator can emit.</summary>
    public static IEnumerable<string> CoveredProtocols => Flags.Concat(ValueProtocols);

    /// <summary>The next random multiaddr string.</summary>
    public string Next()
    {
        var builder = new StringBuilder();
        int count = _random.Next(1, 7);
        for (int i = 0; i < count; i++)
        {
            if (_random.Next(3) == 0)
            {
                builder.Append('/').Append(Flags[_random.Next(Flags.Length)]);
            }
            else
            {
                string name = ValueProtocols[_random.Next(ValueProtocols.Length)];
                builder.Append('/').Append(name).Append('/').Append(Value(name));
            }
        }
        return builder.ToString();
    }

    private string Value(string name) => name switch
    {
        "ip4" => string.Join('.', Bytes(4).Select(b => b.ToString(CultureInfo.InvariantCulture))),
        "ip6" => Ip6(),
        "tcp" or "udp" or "dccp" or "sctp" => _random.Next(65536).ToString(CultureInfo.InvariantCulture),
        "dns" or "dns4" or "dns6" or "dnsaddr" or "sni" => DnsName(),
        "ip6zone" or "memory" => Word("abcdefghijklmnopqrstuvwxyz0123456789-_.", 1, 16),
        "ipcidr" => _random.Next(256).ToString(CultureInfo.InvariantCulture),
        "p2p" or "ipfs" => PeerId(),
        "certhash" => Certhash(),
        "unix" => Uri.EscapeDataString(Word("abcxyz0189/._-~ %é€😀!*'()", 1, 24)),
        "onion" => Base32(Bytes(10)) + ":" + _random.Next(1, 65536).ToString(CultureInfo.InvariantCulture),
        "onion3" => Base32(Bytes(35)) + ":" + _random.Next(1, 65536).ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no value generator"),
    };

    private byte[] Bytes(int length)
    {
        byte[] bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Word(string alphabet, int min, int max)
    {
        var builder = new StringBuilder();
        int length = _random.Next(min, max + 1);
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var units = new List<string>();
        while (elements.MoveNext())
        {
            units.Add(elements.GetTextElement());
        }
        for (int i = 0; i < length; i++)
        {
            builder.Append(units[_random.Next(units.Count)]);
        }
        return builder.ToString();
    }

    private string DnsName()
    {
        int labels = _random.Next(1, 4);
        return string.Join('.', Enumerable.Range(0, labels).Select(_ => Word("abcdefghijklmnopqrstuvwxyz0123456789", 1, 12)));
    }

    private string Ip6()
    {
        var groups = new ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = _random.Next(3) == 0 ? (ushort)0 : (ushort)_random.Next(65536);
        }
        switch (_random.Next(4))
        {
            case 0:
                // Full form, leading zeros kept.
                return string.Join(':', groups.Select(g => g.ToString("x4", CultureInfo.InvariantCulture)));
            case 1:
                // IPv4-embedded (::ffff:a.b.c.d).
                return "::ffff:" + string.Join('.', Bytes(4).Select(b => b.ToString(CultureInfo.InvariantCulture)));
            case 2:
                // Upper-case, shortest groups, no compression.
                return string.Join(':', groups.Select(g => g.ToString("X", CultureInfo.InvariantCulture)));
            default:
                // Compressed by the BCL.
                byte[] bytes = new byte[16];
                for (int i = 0; i < 8; i++)
                {
                    bytes[i * 2] = (byte)(groups[i] >> 8);
                    bytes[(i * 2) + 1] = (byte)groups[i];
                }
                return new System.Net.IPAddress(bytes).ToString();
        }
    }

    private string PeerId()
    {
        switch (_random.Next(3))
        {
            case 0:
                return Base58.Encode(Multihash.Sum(Multihash.Sha2_256, Bytes(32)));
            case 1:
                // An identity multihash of a 36-byte protobuf key prints as "12D3KooW..."-style base58.
                return Base58.Encode(Multihash.Encode(Multihash.Identity, [0x08, 0x01, 0x12, 0x20, .. Bytes(32)]));
            default:
                return Cid.V1(Multicodec.Libp2pKey, Multihash.Sum(Multihash.Sha2_256, Bytes(16))).ToString();
        }
    }

    private string Certhash()
    {
        // Plain base64 is left out: its alphabet contains '/', which cannot appear inside a multiaddr value.
        MultibaseEncoding[] encodings = [MultibaseEncoding.Base64Url, MultibaseEncoding.Base32, MultibaseEncoding.Base58Btc, MultibaseEncoding.Base16, MultibaseEncoding.Base36, MultibaseEncoding.Base64UrlPad];
        byte[] multihash = _random.Next(2) == 0 ? Multihash.Sum(Multihash.Sha2_256, Bytes(20)) : Multihash.Encode(Multihash.Sha2_256, Bytes(32));
        return Multibase.Encode(encodings[_random.Next(encodings.Length)], multihash);
    }

    private static string Base32(byte[] bytes) => Multibase.Encode(MultibaseEncoding.Base32, bytes)[1..];
}
