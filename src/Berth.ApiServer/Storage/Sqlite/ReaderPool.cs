// Read-only connections kept open for reuse, so reads run beside the writer (WAL readers see the last commit)
// and never queue behind it; being read-only, they can never take the write lock.
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Berth.ApiServer.Storage.Sqlite;

sealed class ReaderPool(string path, TimeSpan busyTimeout) : IDisposable
{
    const int MaxIdle = 16;
    readonly ConcurrentBag<SqliteConnection> _idle = [];
    volatile bool _disposed;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteStore));
        return new(this, _idle.TryTake(out var connection) ? connection : SqliteSchema.OpenReader(path, busyTimeout));
    }

    void Return(SqliteConnection connection)
    {
        if (!_disposed && _idle.Count < MaxIdle) _idle.Add(connection);
        else connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection)) connection.Dispose();
    }

    public readonly struct Lease(ReaderPool pool, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection => connection;
        public void Dispose() => pool.Return(connection);
    }
}
