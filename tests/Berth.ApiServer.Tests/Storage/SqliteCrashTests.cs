// kill -9 durability: a child process writes and acknowledges each write on stdout; the test kills it mid-stream
// and reopens the database. Every acknowledged write must be there, since acknowledged means fsynced.
using System.Diagnostics;
using Berth.ApiServer.Storage.Sqlite;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Storage;

public sealed class SqliteCrashTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_of_the_writing_process()
    {
        var database = _dir["berth.db"];
        var acks = new List<(string Op, string Key, long Revision)>();
        using (var child = StartWriter(database))
        {
            var stdout = child.StandardOutput;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                while (acks.Count < 3000 && await stdout.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (Parse(line) is { } ack) acks.Add(ack);
                }
            }
            finally
            {
                child.Kill();
            }
            // Acks written before the kill are still in the pipe: they count too.
            while (await stdout.ReadLineAsync() is { } line)
            {
                if (Parse(line) is { } ack) acks.Add(ack);
            }
            await child.WaitForExitAsync();
            Assert.True(acks.Count >= 3000, $"the writer acknowledged only {acks.Count} writes:\n{await child.StandardError.ReadToEndAsync()}");
        }

        await using var store = SqliteStore.Open(database);
        var current = await store.CurrentRevisionAsync(CancellationToken.None);
        Assert.True(current >= acks.Max(a => a.Revision));
        foreach (var (op, key, revision) in acks)
        {
            var kv = await store.GetAsync(key, CancellationToken.None);
            Assert.True(kv is not null, $"acknowledged {op} of {key} at revision {revision} is lost");
            Assert.True(kv.ModRevision >= revision, $"{key} is at revision {kv.ModRevision}, older than its acknowledged {op} at {revision}");
            if (op == "update") Assert.Equal(revision, kv.ModRevision);
        }
        var next = await store.CreateAsync("/after-crash", [], CancellationToken.None);
        Assert.Equal(current + 1, next.ModRevision);
    }

    static (string Op, string Key, long Revision)? Parse(string line) =>
        line.Split(' ') is ["ack", var op, var key, var revision, "."] ? (op, key, long.Parse(revision)) : null;

    static Process StartWriter(string database)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(CrashWriter).Assembly.Location, "crash-writer", database }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    // The SDK tells test hosts where its dotnet is; fall back to the one on PATH.
    static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
