using System.Globalization;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>Parses and formats <c>/memory/&lt;u64&gt;</c> multiaddrs (multicodec <c>memory</c>, 0x0309).</summary>
internal static class MemoryAddress
{
    private const string Prefix = "/memory/";

    public static bool TryParse(Multiaddr address, out ulong id)
    {
        var text = address.ToString();
        id = 0;
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && text.Length > Prefix.Length
            && ulong.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    public static Multiaddr Format(ulong id) => Multiaddr.Parse(Prefix + id.ToString(CultureInfo.InvariantCulture));
}
