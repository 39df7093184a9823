// The embedded backend of IKeyValueStore: one SQLite file in WAL mode, one writer with group commit, readers on
// their own connections, and watches served from an in-memory window of recent changes with the table behind it.
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Storage.Sqlite;

public sealed class SqliteStore : IKeyValueStore
{
    const int WatchBatch = 256;
    readonly SqliteStoreOptions _options;
    readonly FileStream _ownership;
    readonly ReaderPool _readers;
    readonly EventWindow _window;
    readonly SqliteWriter _writer;

    SqliteStore(string path, FileStream ownership, SqliteStoreOptions options, ILogger logger)
    {
        _options = options;
        _ownership = ownership;
        var connection = SqliteSchema.OpenWriter(path, options.BusyTimeout);
        var (revision, _) = SqliteQueries.ReadMeta(connection, null);
        _window = new EventWindow(options.WatchWindow, revision);
        _writer = new SqliteWriter(connection, _window, options, logger);
        _readers = new ReaderPool(path, options.BusyTimeout);
    }

    /// <summary>
    /// Opens (or creates) the database at <paramref name="path"/>. One process at a time owns it: a second open
    /// fails instead of both writing and meeting "database is locked".
    /// </summary>
    public static SqliteStore Open(string path, SqliteStoreOptions? options = null, ILogger<SqliteStore>? logger = null)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lockPath = path + ".lock";
        FileStream ownership;
        try
        {
            // FileShare.None is an exclusive flock on Linux; the kernel drops it when the owner dies, even by kill -9.
            ownership = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the database {path} is in use by another process (it holds {lockPath}); stop it or use another --data-dir", e);
        }
        try
        {
            return new SqliteStore(path, ownership, options ?? new SqliteStoreOptions(), (ILogger?)logger ?? NullLogger.Instance);
        }
        catch
        {
            ownership.Dispose();
            throw;
        }
    }

    /// <summary>Transactions committed so far: with concurrent writers, far fewer than writes (group commit).</summary>
    public long Transactions => _writer.Transactions;

    public Task<long> CurrentRevisionAsync(CancellationToken ct) => Task.FromResult(_writer.Revision);

    public Task<KeyValue?> GetAsync(string key, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var lease = _readers.Rent();
        return Task.FromResult(SqliteQueries.Get(lease.Connection, key));
    }

    public Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Revision);
        var range = KeyRange.Prefix(prefix).StartingAt(options.Continue, prefix);
        using var lease = _readers.Rent();
        using var transaction = lease.Connection.BeginTransaction(deferred: true);
        var (current, compactRevision) = SqliteQueries.ReadMeta(lease.Connection, transaction);
        var revision = options.Revision == 0 ? current : options.Revision;
        if (revision > current) throw new FutureRevisionException(revision, current);
        if (revision < compactRevision) throw new CompactedException(revision, compactRevision);
        var items = SqliteQueries.List(lease.Connection, transaction, range, revision, options.Limit);
        string? next = null;
        if (options.Limit > 0 && items.Count > options.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = KeyRange.After(items[^1].Key);
        }
        return Task.FromResult(new ListResult(items, revision, next));
    }

    public async Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct) =>
        (await _writer.SubmitAsync(new CreateRequest(key, value, ct))).Kv!;

    public async Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct) =>
        (await _writer.SubmitAsync(new UpdateRequest(key, value, expectedModRevision, ct))).Kv!;

    public async Task<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken ct)
    {
        var result = await _writer.SubmitAsync(new DeleteRequest(key, expectedModRevision, ct));
        return new DeleteResult(result.Revision, result.PrevKv!);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        if (fromRevision < _writer.CompactRevision) throw new CompactedException(fromRevision, _writer.CompactRevision);
        var position = fromRevision;
        var events = new List<WatchEvent>(WatchBatch);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var read = _window.Read(position, prefix, events, WatchBatch);
            switch (read.Status)
            {
                case WindowStatus.Closed:
                    yield break;
                case WindowStatus.Behind:
                    position = ReadHistory(prefix, position, read.Through, events);
                    break;
                default:
                    position = read.Through;
                    break;
            }
            foreach (var e in events) yield return e;
            events.Clear();
            if (read.Status == WindowStatus.CaughtUp) await read.Appended.WaitAsync(ct);
        }
    }

    // A watcher behind the window reads the table; the compaction check and the rows share one snapshot, so a
    // compaction racing with the read either happened before it (CompactedException) or does not affect it.
    long ReadHistory(string prefix, long after, long through, List<WatchEvent> into)
    {
        using var lease = _readers.Rent();
        using var transaction = lease.Connection.BeginTransaction(deferred: true);
        var (_, compactRevision) = SqliteQueries.ReadMeta(lease.Connection, transaction);
        if (after < compactRevision) throw new CompactedException(after, compactRevision);
        var events = SqliteQueries.History(lease.Connection, transaction, prefix, after, through, WatchBatch);
        into.AddRange(events);
        return events.Count == WatchBatch ? events[^1].Revision : through;
    }

    public async Task CompactAsync(long revision, CancellationToken ct)
    {
        var current = _writer.Revision;
        if (revision > current) throw new FutureRevisionException(revision, current);
        // In steps, so writes queued meanwhile get their turn between them.
        while (_writer.CompactRevision < revision)
        {
            var step = Math.Min(revision, _writer.CompactRevision + _options.CompactionStep);
            await _writer.SubmitAsync(new CompactRequest(step, ct));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _window.Close();
        await _writer.DisposeAsync();
        _readers.Dispose();
        await _ownership.DisposeAsync();
    }
}
