// The reads: current value, list at a revision, history for watchers, and the revision counters. Each list or
// history read runs in one read transaction, so the counters and the rows come from the same snapshot.
using System.Text;
using Microsoft.Data.Sqlite;

namespace Berth.ApiServer.Storage.Sqlite;

static class SqliteQueries
{
    const string Columns = "revision, key, value, create_revision, version, deleted";

    public static (long Revision, long CompactRevision) ReadMeta(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Command(connection, transaction, "SELECT name, value FROM meta WHERE name IN ('revision', 'compact_revision')");
        using var reader = command.ExecuteReader();
        long revision = 0, compactRevision = 0;
        while (reader.Read())
        {
            if (reader.GetString(0) == "revision") revision = reader.GetInt64(1);
            else compactRevision = reader.GetInt64(1);
        }
        return (revision, compactRevision);
    }

    public static KeyValue? Get(SqliteConnection connection, string key)
    {
        using var command = Command(connection, null, $"SELECT {Columns} FROM kv WHERE key = $key ORDER BY revision DESC LIMIT 1");
        command.Parameters.AddWithValue("$key", Encoding.UTF8.GetBytes(key));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadLiveKeyValue(reader, 0) : null;
    }

    /// <summary>The live keys of a range as they were at a revision, in key order; one more than the limit tells there is more.</summary>
    public static List<KeyValue> List(SqliteConnection connection, SqliteTransaction transaction, KeyRange range, long revision, long limit)
    {
        // Each key's newest row at or before the revision, unless that row is a tombstone. The (key, revision)
        // index walks the range in key order, so a limited page stops early.
        using var command = Command(connection, transaction, $"""
            SELECT {Columns} FROM kv AS k
            WHERE k.key >= $start {(range.End is null ? "" : "AND k.key < $end")} AND k.revision <= $revision AND k.deleted = 0
              AND NOT EXISTS (SELECT 1 FROM kv AS n WHERE n.key = k.key AND n.revision > k.revision AND n.revision <= $revision)
            ORDER BY k.key
            LIMIT $limit
            """);
        command.Parameters.AddWithValue("$start", range.Start);
        if (range.End is not null) command.Parameters.AddWithValue("$end", range.End);
        command.Parameters.AddWithValue("$revision", revision);
        command.Parameters.AddWithValue("$limit", limit > 0 ? limit + 1 : -1);
        using var reader = command.ExecuteReader();
        var items = new List<KeyValue>();
        while (reader.Read()) items.Add(ReadLiveKeyValue(reader, 0)!);
        return items;
    }

    /// <summary>The changes in (after, through] under a prefix, in revision order, at most <paramref name="max"/>.</summary>
    public static List<WatchEvent> History(SqliteConnection connection, SqliteTransaction transaction, string prefix, long after, long through, int max)
    {
        using var command = Command(connection, transaction, $"""
            SELECT k.revision, k.key, k.value, k.create_revision, k.version, k.deleted,
                   p.revision, p.key, p.value, p.create_revision, p.version, p.deleted
            FROM kv AS k LEFT JOIN kv AS p ON p.revision = k.prev_revision
            WHERE k.revision > $after AND k.revision <= $through AND substr(k.key, 1, length($prefix)) = $prefix
            ORDER BY k.revision
            LIMIT $max
            """);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        command.Parameters.AddWithValue("$prefix", Encoding.UTF8.GetBytes(prefix));
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var events = new List<WatchEvent>();
        while (reader.Read())
        {
            var prevKv = reader.IsDBNull(6) ? null : ReadLiveKeyValue(reader, 6);
            var live = ReadLiveKeyValue(reader, 0);
            events.Add(live is not null
                ? new WatchEvent(WatchEventType.Put, live, prevKv)
                : new WatchEvent(WatchEventType.Delete, new KeyValue(Key(reader, 1), [], 0, reader.GetInt64(0), 0), prevKv));
        }
        return events;
    }

    /// <summary>The key's value from the columns (revision, key, value, create_revision, version, deleted) at <paramref name="at"/>; null for a tombstone.</summary>
    public static KeyValue? ReadLiveKeyValue(SqliteDataReader reader, int at) =>
        reader.GetInt64(at + 5) != 0
            ? null
            : new KeyValue(Key(reader, at + 1), (byte[])reader.GetValue(at + 2), reader.GetInt64(at + 3), reader.GetInt64(at), reader.GetInt64(at + 4));

    static string Key(SqliteDataReader reader, int ordinal) => Encoding.UTF8.GetString((byte[])reader.GetValue(ordinal));

    static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
