using CsCheck;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;

namespace Libp2p.Interop.Tests;

public sealed class MatrixGeneratorTests
{
    private static readonly Implementation A = Impl("a", [new("tcp"), new("ws")], ["noise", "tls"], ["yamux", "mplex"]);
    private static readonly Implementation B = Impl("b", [new("tcp")], ["noise"], ["yamux"]);
    private static readonly Implementation Browser = Impl("c", [new("ws", OnlyDial: true)], ["noise"], ["yamux"]);
    private static readonly Implementation Quic = Impl("d", [new("quic-v1")], [], []);
    private static readonly Implementation[] All = [A, B, Browser, Quic];

    [Test]
    public void Known_input_gives_upstream_counts()
    {
        IReadOnlyList<InteropTest> tests = MatrixGenerator.Generate(All);
        // tcp: a-a 4, a-b 1, b-a 1, b-b 1; ws: a-a 4, c-a 1; quic-v1: d-d 1.
        Assert.That(tests, Has.Count.EqualTo(13));
        Assert.That(tests.Count(t => t.Transport == "tcp"), Is.EqualTo(7));
        Assert.That(tests.Count(t => t.Transport == "ws"), Is.EqualTo(5));
        Assert.That(tests.Select(t => t.Name), Does.Contain("a x b (tcp, noise, yamux)").And.Contain("b x a (tcp, noise, yamux)").And.Contain("a x a (ws, tls, mplex)"));
    }

    [Test]
    public void Dial_only_implementations_never_listen()
    {
        IReadOnlyList<InteropTest> tests = MatrixGenerator.Generate(All);
        Assert.That(tests.Where(t => t.Listener.Id == "c"), Is.Empty);
        Assert.That(tests.Where(t => t.Dialer.Id == "c").Select(t => t.Name), Is.EqualTo(new[] { "c x a (ws, noise, yamux)" }));
    }

    [Test]
    public void Standalone_transports_have_no_security_or_muxer_dimension()
    {
        InteropTest quic = MatrixGenerator.Generate(All).Single(t => t.Transport == "quic-v1");
        Assert.That(quic.Name, Is.EqualTo("d x d (quic-v1)"));
        Assert.That(quic.Security, Is.Null);
        Assert.That(quic.Muxer, Is.Null);
    }

    [Test]
    public void Name_filter_and_ignore_take_pipe_separated_substrings()
    {
        Assert.That(MatrixGenerator.Generate(All, new MatrixOptions { NameFilter = "a x b|b x a" }).Select(t => t.Name),
            Is.EqualTo(new[] { "a x b (tcp, noise, yamux)", "b x a (tcp, noise, yamux)" }));
        Assert.That(MatrixGenerator.Generate(All, new MatrixOptions { NameIgnore = "(ws|quic" }), Has.Count.EqualTo(7));
        Assert.That(MatrixGenerator.Generate(All, new MatrixOptions { Implementations = ["a"], Transports = ["ws"] }), Has.Count.EqualTo(4));
    }

    [Test]
    public void Shards_partition_the_sorted_matrix()
    {
        IReadOnlyList<InteropTest> all = MatrixGenerator.Generate(All);
        var shards = Enumerable.Range(0, 4).Select(i => MatrixGenerator.Generate(All, new MatrixOptions { ShardCount = 4, ShardIndex = i })).ToList();
        Assert.That(shards.Sum(s => s.Count), Is.EqualTo(all.Count));
        Assert.That(shards.SelectMany(s => s).Select(t => t.Name).Order(StringComparer.Ordinal), Is.EqualTo(all.Select(t => t.Name)));
        Assert.That(shards[1].Select(t => t.Name), Is.EqualTo(all.Where((_, i) => i % 4 == 1).Select(t => t.Name)));
        Assert.Throws<ArgumentException>(() => MatrixGenerator.Generate(All, new MatrixOptions { ShardCount = 2, ShardIndex = 2 }));
    }

    [Test]
    public void Every_generated_pair_is_valid_for_random_implementations()
    {
        string[] transports = ["tcp", "ws", "quic-v1"];
        Gen<Implementation> gen =
            from id in Gen.Int[0, 1000]
            from shuffled in Gen.Shuffle(transports)
            from count in Gen.Int[1, 3]
            from onlyDial in Gen.Bool.Array[3]
            from secShuffled in Gen.Shuffle(new[] { "noise", "tls" })
            from secCount in Gen.Int[0, 2]
            from muxShuffled in Gen.Shuffle(new[] { "yamux", "mplex" })
            from muxCount in Gen.Int[0, 2]
            select Impl("i" + id,
                shuffled.Take(count).Select((t, i) => new ImplementationTransport(t, onlyDial[i])).ToArray(),
                secShuffled.Take(secCount).ToArray(),
                muxShuffled.Take(muxCount).ToArray());
        gen.List[1, 5].Select(l => l.DistinctBy(i => i.Id).ToList()).Sample(impls =>
        {
            IReadOnlyList<InteropTest> tests = MatrixGenerator.Generate(impls);
            foreach (InteropTest t in tests)
            {
                Assert.That(t.Dialer.Transports.Any(x => x.Name == t.Transport), Is.True);
                Assert.That(t.Listener.Transports.Any(x => x.Name == t.Transport && !x.OnlyDial), Is.True);
                if (t.Security is not null)
                {
                    Assert.That(t.Dialer.SecureChannels.Contains(t.Security) && t.Listener.SecureChannels.Contains(t.Security), Is.True);
                    Assert.That(t.Dialer.Muxers.Contains(t.Muxer!) && t.Listener.Muxers.Contains(t.Muxer!), Is.True);
                }
            }
            Assert.That(tests.Select(t => t.Name).Distinct().Count(), Is.EqualTo(tests.Count));
        }, iter: 200);
    }

    [Test]
    public void The_repository_implementations_file_gives_dotnet_and_js_pairs_both_ways()
    {
        IReadOnlyList<Implementation> impls = ImplementationsFile.Load(Path.Combine(TestPaths.RepoRoot, "interop-harness", "implementations.yaml"));
        IReadOnlyList<InteropTest> tests = MatrixGenerator.Generate(impls);
        Assert.That(tests.Select(t => t.Name), Does.Contain("dotnet x js-v3 (tcp, noise, yamux)").And.Contain("js-v3 x dotnet (ws, noise, mplex)").And.Contain("chromium-js-v3 x dotnet (ws, noise, yamux)"));
        Assert.That(tests.Where(t => t.Listener.Id == "chromium-js-v3"), Is.Empty);
        Assert.That(tests.Select(t => t.Name), Does.Contain("js-v3 x dotnet (wss, noise, mplex)").And.Not.Contain("dotnet x js-v3 (wss, noise, mplex)"));
    }

    internal static Implementation Impl(string id, ImplementationTransport[] transports, string[] security, string[] muxers) => new()
    {
        Id = id,
        Runtime = RuntimeKinds.Process,
        Command = ["true"],
        Transports = transports,
        SecureChannels = security,
        Muxers = muxers,
    };
}
