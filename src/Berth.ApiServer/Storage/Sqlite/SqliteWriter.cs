// The single writer: a thread of its own drains the queue of changes and commits everything waiting in one
// transaction (group commit: one fsync for many writes), giving each change the next revision. Nothing else writes.
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Storage.Sqlite;

sealed class SqliteWriter : IAsyncDisposable
{
    readonly SqliteConnection _connection;
    readonly EventWindow _window;
    readonly int _maxBatch;
    readonly TimeSpan _busyTimeout;
    readonly ILogger _logger;
    readonly BlockingCollection<WriteRequest> _queue = [];
    readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly SqliteCommand _selectCurrent;
    readonly SqliteCommand _insert;
    readonly SqliteCommand _setMeta;
    readonly SqliteCommand _compact;
    long _revision;
    long _compactRevision;
    long _transactions;

    public SqliteWriter(SqliteConnection connection, EventWindow window, SqliteStoreOptions options, ILogger logger)
    {
        _connection = connection;
        _window = window;
        _maxBatch = options.MaxBatch;
        _busyTimeout = options.BusyTimeout;
        _logger = logger;
        (_revision, _compactRevision) = SqliteQueries.ReadMeta(connection, null);
        _selectCurrent = Command("SELECT revision, key, value, create_revision, version, deleted FROM kv WHERE key = $key ORDER BY revision DESC LIMIT 1", "$key");
        _insert = Command("""
            INSERT INTO kv (revision, key, create_revision, prev_revision, version, deleted, value)
            VALUES ($revision, $key, $create_revision, $prev_revision, $version, $deleted, $value)
            """, "$revision", "$key", "$create_revision", "$prev_revision", "$version", "$deleted", "$value");
        _setMeta = Command("""
            UPDATE meta SET value = $revision WHERE name = 'revision';
            UPDATE meta SET value = $compact_revision WHERE name = 'compact_revision';
            """, "$revision", "$compact_revision");
        // A row is superseded once a later row of its key exists at or before the compaction revision: every row
        // written in (from, to] supersedes its previous row. Tombstones in (from, to] go too: at any readable
        // revision their key is simply absent.
        _compact = Command("""
            DELETE FROM kv WHERE revision IN
                (SELECT prev_revision FROM kv WHERE revision > $from AND revision <= $to AND prev_revision > 0);
            DELETE FROM kv WHERE revision > $from AND revision <= $to AND deleted = 1;
            """, "$from", "$to");
        // A thread, not a pool task: the writer blocks in fsync, and must not wait for a busy pool to get its turn.
        new Thread(Run) { Name = "sqlite-writer", IsBackground = true }.Start();
    }

    /// <summary>The newest committed revision.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>History at or after this revision is kept; older revisions cannot be read.</summary>
    public long CompactRevision => Volatile.Read(ref _compactRevision);

    /// <summary>Transactions committed so far; far fewer than writes under concurrency (group commit).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Queues a change and waits until it is durable (or refused).</summary>
    public Task<WriteResult> SubmitAsync(WriteRequest request)
    {
        try
        {
            _queue.Add(request);
        }
        catch (InvalidOperationException) when (_queue.IsAddingCompleted)
        {
            throw new ObjectDisposedException(nameof(SqliteStore));
        }
        return request.Done.Task;
    }

    void Run()
    {
        try
        {
            var batch = new List<WriteRequest>(_maxBatch);
            while (_queue.TryTake(out var first, Timeout.Infinite))
            {
                batch.Add(first);
                while (batch.Count < _maxBatch && _queue.TryTake(out var next)) batch.Add(next);
                Commit(batch);
                batch.Clear();
            }
            _stopped.SetResult();
        }
        catch (Exception e)
        {
            _stopped.SetException(e);
        }
    }

    void Commit(List<WriteRequest> batch)
    {
        var outcomes = new List<(bool Compaction, Action Complete)>(batch.Count);
        var events = new List<WatchEvent>();
        var revision = _revision;
        var compactRevision = _compactRevision;
        try
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var command in new[] { _selectCurrent, _insert, _setMeta, _compact }) command.Transaction = transaction;
            foreach (var request in batch)
            {
                if (request.Ct.IsCancellationRequested)
                {
                    outcomes.Add((false, () => request.Done.TrySetCanceled(request.Ct)));
                    continue;
                }
                try
                {
                    var result = Apply(request, ref revision, ref compactRevision, events);
                    outcomes.Add((request is CompactRequest, () => request.Done.TrySetResult(result)));
                }
                catch (StorageException e)
                {
                    outcomes.Add((false, () => request.Done.TrySetException(e)));
                }
            }
            if (revision != _revision || compactRevision != _compactRevision)
            {
                Run(_setMeta, revision, compactRevision);
            }
            transaction.Commit();
        }
        catch (Exception e)
        {
            // The transaction rolled back: nothing in this batch happened, and the writer carries on with the next.
            _logger.LogError(e, "Commit of {Writes} writes failed", batch.Count);
            foreach (var request in batch) request.Done.TrySetException(e);
            return;
        }

        Interlocked.Increment(ref _transactions);
        _window.Append(events);
        var compacted = compactRevision != _compactRevision;
        Volatile.Write(ref _compactRevision, compactRevision);
        Volatile.Write(ref _revision, revision);
        // Writes are acknowledged at once; a compaction only once its space is back, so that a caller who
        // compacts and then looks at the file sees the result.
        foreach (var outcome in outcomes.Where(o => !o.Compaction)) outcome.Complete();
        if (compacted) ReclaimSpace();
        foreach (var outcome in outcomes.Where(o => o.Compaction)) outcome.Complete();
    }

    WriteResult Apply(WriteRequest request, ref long revision, ref long compactRevision, List<WatchEvent> events)
    {
        switch (request)
        {
            case CreateRequest create:
            {
                if (ReadCurrent(create.Key) is { } existing) throw new KeyExistsException(existing);
                var rev = ++revision;
                var kv = new KeyValue(create.Key, create.Value, rev, rev, 1);
                Insert(kv, prevRevision: 0, deleted: false);
                events.Add(new WatchEvent(WatchEventType.Put, kv, null));
                return new WriteResult(rev, kv, null);
            }
            case UpdateRequest update:
            {
                var current = ReadExpected(update.Key, update.ExpectedModRevision);
                var kv = new KeyValue(update.Key, update.Value, current.CreateRevision, ++revision, current.Version + 1);
                Insert(kv, current.ModRevision, deleted: false);
                events.Add(new WatchEvent(WatchEventType.Put, kv, current));
                return new WriteResult(revision, kv, current);
            }
            case DeleteRequest delete:
            {
                var current = ReadExpected(delete.Key, delete.ExpectedModRevision);
                var tombstone = new KeyValue(delete.Key, [], 0, ++revision, 0);
                Insert(tombstone, current.ModRevision, deleted: true);
                events.Add(new WatchEvent(WatchEventType.Delete, tombstone, current));
                return new WriteResult(revision, null, current);
            }
            case CompactRequest compact:
            {
                if (compact.Revision > revision) throw new FutureRevisionException(compact.Revision, revision);
                if (compact.Revision > compactRevision)
                {
                    var rows = Run(_compact, compactRevision, compact.Revision);
                    _logger.LogDebug("Compacted revisions {From} to {To}: {Rows} rows removed", compactRevision, compact.Revision, rows);
                    compactRevision = compact.Revision;
                }
                return new WriteResult(compactRevision, null, null);
            }
            default:
                throw new ArgumentException($"unknown write {request.GetType().Name}", nameof(request));
        }
    }

    KeyValue ReadExpected(string key, long expectedModRevision)
    {
        var current = ReadCurrent(key) ?? throw new KeyMissingException(key);
        if (current.ModRevision != expectedModRevision) throw new RevisionConflictException(current, expectedModRevision);
        return current;
    }

    KeyValue? ReadCurrent(string key)
    {
        _selectCurrent.Parameters[0].Value = Encoding.UTF8.GetBytes(key);
        using var reader = _selectCurrent.ExecuteReader();
        return reader.Read() ? SqliteQueries.ReadLiveKeyValue(reader, 0) : null;
    }

    void Insert(KeyValue kv, long prevRevision, bool deleted) =>
        Run(_insert, kv.ModRevision, Encoding.UTF8.GetBytes(kv.Key), kv.CreateRevision, prevRevision, kv.Version, deleted ? 1 : 0, kv.Value);

    // Compaction left free pages behind: hand them back to the file system, then checkpoint so the main file
    // shrinks and the WAL restarts empty. The checkpoint waits at most a moment for readers: if one is busy, the
    // WAL is reset later by the automatic checkpoints instead, and writes are not held up.
    void ReclaimSpace()
    {
        try
        {
            SqliteSchema.Execute(_connection, $"""
                PRAGMA incremental_vacuum;
                PRAGMA busy_timeout = 100;
                PRAGMA wal_checkpoint(TRUNCATE);
                PRAGMA busy_timeout = {(int)_busyTimeout.TotalMilliseconds};
                """);
        }
        catch (SqliteException e)
        {
            _logger.LogWarning(e, "Reclaiming space after compaction failed; it is retried after the next compaction");
        }
    }

    static int Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteNonQuery();
    }

    SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.CompleteAdding();
        await _stopped.Task;
        foreach (var command in new[] { _selectCurrent, _insert, _setMeta, _compact }) command.Dispose();
        await _connection.DisposeAsync();
        _queue.Dispose();
    }
}
