// Tuning for the embedded SQLite store: the watch window, the group-commit batch, the compaction step. The
// defaults suit one server with thousands of objects.
namespace Berth.ApiServer.Storage.Sqlite;

public sealed record SqliteStoreOptions
{
    /// <summary>How many recent changes the in-memory watch window holds; older ones are read from the table.</summary>
    public int WatchWindow { get; init; } = 4096;

    /// <summary>The most writes committed in one transaction (one fsync).</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>How many revisions one compaction transaction covers, so writes are never held up for long.</summary>
    public int CompactionStep { get; init; } = 10_000;

    /// <summary>How long a reader waits on a lock before SQLite gives up; in WAL mode readers only wait on recovery.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
