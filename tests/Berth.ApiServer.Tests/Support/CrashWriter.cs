// The child process of the kill -9 test: writes as fast as it can from several tasks and prints one line per
// acknowledged write ("ack create|update KEY REVISION ."), until the test kills it mid-stream.
using System.Text;
using Berth.ApiServer.Storage.Sqlite;

namespace Berth.ApiServer.Tests.Support;

static class CrashWriter
{
    const int Writers = 8;
    static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string database)
    {
        await using var store = SqliteStore.Open(database);
        using var stop = new CancellationTokenSource(GiveUpAfter);
        var output = Console.Out;
        var gate = new Lock();
        void Ack(string op, string key, long revision)
        {
            // One write(2) per line: a pipe write this small is atomic, so the parent never reads half a line.
            lock (gate)
            {
                output.Write($"ack {op} {key} {revision} .\n");
                output.Flush();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"/crash/{writer}/{n}";
                var created = await store.CreateAsync(key, Encoding.UTF8.GetBytes($"created {n}"), CancellationToken.None);
                Ack("create", key, created.ModRevision);
                var updated = await store.UpdateAsync(key, Encoding.UTF8.GetBytes($"updated {n}"), created.ModRevision, CancellationToken.None);
                Ack("update", key, updated.ModRevision);
            }
        })));
        return 0;
    }
}
