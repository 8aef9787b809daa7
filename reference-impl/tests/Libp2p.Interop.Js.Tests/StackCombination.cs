namespace Libp2p.Interop.Js.Tests;

/// <summary>One transport x security x muxer combination of the interop matrix.</summary>
public sealed record StackCombination(string Transport, string Security, string Muxer)
{
    public static readonly string[] Transports = ["tcp", "ws"];
    public static readonly string[] SecurityProtocols = ["noise", "tls"];
    public static readonly string[] Muxers = ["yamux", "mplex"];

    /// <summary>All 12 combinations of {tcp, ws} x {noise, tls} x {yamux, mplex}, plus wss with each security protocol.</summary>
    public static IEnumerable<StackCombination> All() =>
        (from t in Transports
         from s in SecurityProtocols
         from m in Muxers
         select new StackCombination(t, s, m))
        .Concat(SecurityProtocols.Select(s => new StackCombination("wss", s, "yamux")));

    /// <summary>The reference-stack spec for this combination (self-signed wss peers accepted: the test peers are).</summary>
    public Libp2p.Stack.StackSpec Spec() => new()
    {
        Security = [Security],
        Muxers = [Muxer],
        AcceptAnyWssCertificate = true,
    };

    /// <summary>A loopback listen address for the transport, port chosen by the OS.</summary>
    public string ListenAddress => Transport switch
    {
        "tcp" => "/ip4/127.0.0.1/tcp/0",
        "ws" => "/ip4/127.0.0.1/tcp/0/ws",
        "wss" => "/ip4/127.0.0.1/tcp/0/tls/ws",
        _ => throw new ArgumentOutOfRangeException(nameof(Transport), Transport, "unknown transport"),
    };

    public string[] JsArgs() => ["--transport", Transport, "--security", Security, "--muxer", Muxer];

    public override string ToString() => $"{Transport}, {Security}, {Muxer}";
}
