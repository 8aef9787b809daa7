using System.Collections.Concurrent;

namespace Libp2p.Host.Internal;

/// <summary>
/// The set of a node's running background tasks, without a shared lock: adding and removing are O(1), so tracking
/// a new connection costs the same with 10 or 10,000 open (the old list-under-a-lock scanned them all).
/// </summary>
internal sealed class TaskTracker
{
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();

    public int Count => _tasks.Count;

    public void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }
        _tasks.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _tasks, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until every tracked task, including ones added while waiting, has finished.</summary>
    public async Task DrainAsync()
    {
        while (!_tasks.IsEmpty)
        {
            try
            {
                await Task.WhenAll(_tasks.Keys).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Background tasks report their own failures; draining only waits for them to end.
            }
        }
    }
}
