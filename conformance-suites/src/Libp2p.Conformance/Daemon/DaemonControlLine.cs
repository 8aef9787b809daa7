namespace Libp2p.Conformance.Daemon;

/// <summary>
/// The line a libp2p daemon prints once its control endpoint accepts requests: <c>Control socket: &lt;multiaddr&gt;</c>
/// (go-libp2p-daemon's p2pd, js-libp2p's daemon and ours; requirement DAEMON-CLI-001).
/// </summary>
public static class DaemonControlLine
{
    /// <summary>The prefix of the ready line.</summary>
    public const string Prefix = "Control socket:";

    /// <summary>The control address announced by <paramref name="line"/>, or null when it is not the ready line.</summary>
    public static string? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int at = line.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        string address = line[(at + Prefix.Length)..].Trim();
        int space = address.IndexOfAny([' ', '\t']);
        address = space < 0 ? address : address[..space];
        return address.StartsWith('/') ? address : null;
    }
}
