using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Tests;

/// <summary>The per-worker site pool: created on demand up to its capacity, reused, and all disposed with it.</summary>
public sealed class SitePoolTests
{
    [Test]
    public async Task Sites_are_created_up_to_capacity_then_reused_and_all_disposed()
    {
        var created = new List<FakeSite>();
        var pool = new SitePool(2, _ =>
        {
            var site = new FakeSite();
            created.Add(site);
            return Task.FromResult<ITestSite>(site);
        });
        ITestSite first = await pool.AcquireAsync(CancellationToken.None);
        ITestSite second = await pool.AcquireAsync(CancellationToken.None);
        Assert.That(created, Has.Count.EqualTo(2));
        Task<ITestSite> third = pool.AcquireAsync(CancellationToken.None);
        Assert.That(third.IsCompleted, Is.False, "a third test waits for a released site");
        pool.Release(second);
        Assert.That(await third.WaitAsync(TimeSpan.FromSeconds(30)), Is.SameAs(second));
        Assert.That(created, Has.Count.EqualTo(2));
        pool.Release(first);
        await pool.DisposeAsync();
        Assert.That(created.All(s => s.Disposed), Is.True);
    }

    [Test]
    public async Task Warming_stops_at_capacity_and_a_failed_creation_surfaces()
    {
        int calls = 0;
        var pool = new SitePool(1, _ => ++calls == 1 ? Task.FromResult<ITestSite>(new FakeSite()) : throw new InvalidOperationException("no"));
        await pool.WarmAsync(3, CancellationToken.None);
        Assert.That(calls, Is.EqualTo(1));
        await pool.DisposeAsync();
        var failing = new SitePool(1, _ => Task.FromException<ITestSite>(new InvalidOperationException("cannot build namespace")));
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => await failing.AcquireAsync(CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("cannot build namespace"));
        await failing.DisposeAsync();
    }

    private sealed class FakeSite : ITestSite
    {
        public bool Disposed { get; private set; }

        public string NodeRedisAddress => "127.0.0.1:1";

        public string HarnessRedisAddress => "127.0.0.1:1";

        public string ListenIp => "127.0.0.1";

        public string? Fault => null;

        public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer) => command;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
