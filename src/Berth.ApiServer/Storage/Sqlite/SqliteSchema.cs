// The database layout and connection settings. One row per revision (kine's layout): a put or a delete of one
// key, with the revision of the key's previous row, so history serves lists at a revision and watches.
using Microsoft.Data.Sqlite;

namespace Berth.ApiServer.Storage.Sqlite;

static class SqliteSchema
{
    // auto_vacuum must be chosen before the first table exists; incremental lets compaction give pages back.
    const string Create = """
        PRAGMA auto_vacuum = INCREMENTAL;
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS kv (
            revision        INTEGER PRIMARY KEY,
            key             BLOB    NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            deleted         INTEGER NOT NULL,
            value           BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS kv_key_revision ON kv (key, revision);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 0), ('compact_revision', 0);
        """;

    /// <summary>The single writer's connection: creates the schema, and makes every commit durable before it returns.</summary>
    public static SqliteConnection OpenWriter(string path, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, $"""
            PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};
            {Create}
            PRAGMA synchronous = FULL;
            PRAGMA journal_size_limit = {4 << 20};
            """);
        return connection;
    }

    /// <summary>A reader's connection: read-only, so it can never take the write lock.</summary>
    public static SqliteConnection OpenReader(string path, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
