using System.Threading.Channels;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// Up to <c>capacity</c> sites created on demand and handed to one test at a time; all are disposed with the pool.
/// </summary>
internal sealed class SitePool(int capacity, Func<CancellationToken, Task<ITestSite>> create) : IAsyncDisposable
{
    private readonly Channel<ITestSite> _idle = Channel.CreateUnbounded<ITestSite>();
    private readonly List<ITestSite> _owned = [];
    private readonly SemaphoreSlim _creating = new(1, 1);
    private bool _disposed;

    /// <summary>Creates sites until <paramref name="count"/> exist (used to start them before the first test).</summary>
    public async Task WarmAsync(int count, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            ITestSite? site = await TryCreateAsync(cancellationToken).ConfigureAwait(false);
            if (site is null)
            {
                return;
            }
            _idle.Writer.TryWrite(site);
        }
    }

    /// <summary>An idle site, a new one while fewer than <c>capacity</c> exist, or else the next one released.</summary>
    public async Task<ITestSite> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_idle.Reader.TryRead(out ITestSite? idle))
        {
            return idle;
        }
        return await TryCreateAsync(cancellationToken).ConfigureAwait(false) ?? await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns <paramref name="site"/> for the next test.</summary>
    public void Release(ITestSite site) => _idle.Writer.TryWrite(site);

    /// <summary>Disposes every site created.</summary>
    public async ValueTask DisposeAsync()
    {
        await _creating.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _disposed = true;
            _idle.Writer.TryComplete();
            foreach (ITestSite site in _owned)
            {
                await site.DisposeAsync().ConfigureAwait(false);
            }
            _owned.Clear();
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task<ITestSite?> TryCreateAsync(CancellationToken cancellationToken)
    {
        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_owned.Count >= capacity)
            {
                return null;
            }
            ITestSite site = await create(cancellationToken).ConfigureAwait(false);
            _owned.Add(site);
            return site;
        }
        finally
        {
            _creating.Release();
        }
    }
}
