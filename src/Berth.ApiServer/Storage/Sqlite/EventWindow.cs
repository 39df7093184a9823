// The most recent changes, in memory, for watchers: a ring indexed by revision (every revision is exactly one
// change, so the slot of revision r is r % capacity). A watcher further behind reads the table instead.
namespace Berth.ApiServer.Storage.Sqlite;

sealed class EventWindow(int capacity, long revision)
{
    readonly WatchEvent[] _ring = new WatchEvent[capacity];
    readonly Lock _lock = new();
    long _last = revision;
    long _count;
    bool _closed;
    TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds committed changes; their revisions continue the window's without a gap.</summary>
    public void Append(IReadOnlyList<WatchEvent> events)
    {
        if (events.Count == 0) return;
        TaskCompletionSource appended;
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Revision != _last + 1) throw new InvalidOperationException($"watch window at revision {_last} was handed revision {e.Revision}");
                _ring[e.Revision % capacity] = e;
                _last = e.Revision;
                _count = Math.Min(_count + 1, capacity);
            }
            appended = _appended;
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        appended.SetResult();
    }

    /// <summary>Ends every watch: the store is closing.</summary>
    public void Close()
    {
        TaskCompletionSource appended;
        lock (_lock)
        {
            _closed = true;
            appended = _appended;
        }
        appended.TrySetResult();
    }

    /// <summary>
    /// Copies up to <paramref name="max"/> changes after revision <paramref name="after"/> under
    /// <paramref name="prefix"/> into <paramref name="into"/>.
    /// </summary>
    public WindowRead Read(long after, string prefix, List<WatchEvent> into, int max)
    {
        lock (_lock)
        {
            if (_closed) return new WindowRead(WindowStatus.Closed, after, Task.CompletedTask);
            var first = _last - _count + 1;
            if (after + 1 < first) return new WindowRead(WindowStatus.Behind, first - 1, Task.CompletedTask);
            var revision = after;
            while (revision < _last && into.Count < max)
            {
                var e = _ring[++revision % capacity];
                if (e.Kv.Key.StartsWith(prefix, StringComparison.Ordinal)) into.Add(e);
            }
            return revision >= _last
                ? new WindowRead(WindowStatus.CaughtUp, revision, _appended.Task)
                : new WindowRead(WindowStatus.More, revision, Task.CompletedTask);
        }
    }
}

enum WindowStatus { More, CaughtUp, Behind, Closed }

/// <param name="Through">
/// the revision the read got to (More, CaughtUp), or the newest revision the window no longer holds (Behind).
/// </param>
/// <param name="Appended">completes when changes newer than Through arrive (CaughtUp).</param>
readonly record struct WindowRead(WindowStatus Status, long Through, Task Appended);
