// Benchmarks Berth's two storage backends through the same IKeyValueStore calls the API server makes, and
// prints a markdown block for bench/RESULTS.md. Usage: dotnet run -c Release --project bench/Berth.Bench.Storage
using System.Diagnostics;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Etcd;
using Berth.ApiServer.Storage.Sqlite;
using Berth.Bench.Storage;

const string etcdBinary = "/usr/bin/etcd";
const int rounds = 3;
if (!File.Exists(etcdBinary))
{
    Console.Error.WriteLine($"{etcdBinary} is missing: install Debian's etcd-server package (scripts/setup.sh does)");
    return 1;
}
var root = Directory.CreateTempSubdirectory("berth-bench-storage-").FullName;
try
{
    var sqlitePath = Path.Combine(root, "sqlite", "berth.db");
    await using var etcd = await EtcdProcess.StartAsync(etcdBinary, Path.Combine(root, "etcd"));
    var backends = new[]
    {
        new Backend("SQLite (embedded)", SqliteStore.Open(sqlitePath), () => FileBytes(sqlitePath) + FileBytes(sqlitePath + "-wal")),
        new Backend($"etcd {EtcdVersion(etcdBinary)} (v3 JSON gateway)", new EtcdStore(etcd.Endpoint), () => etcd.DatabaseBytes),
    };
    var load = Load();
    foreach (var backend in backends) await Workloads.WritesPerSecondAsync(backend.Store, "/warmup/", 16, 20);
    // Rounds alternate between the backends, so both see the same share of the shared machine's load.
    var writes = backends.ToDictionary(b => b, _ => new List<(double One, double Sixteen, double Many)>());
    for (var round = 0; round < rounds; round++)
    {
        foreach (var backend in round % 2 == 0 ? backends : backends.Reverse())
        {
            Console.Error.WriteLine($"round {round + 1}: {backend.Name}");
            writes[backend].Add((
                await Workloads.WritesPerSecondAsync(backend.Store, $"/r{round}/one/", 1, 300),
                await Workloads.WritesPerSecondAsync(backend.Store, $"/r{round}/sixteen/", 16, 100),
                await Workloads.WritesPerSecondAsync(backend.Store, $"/r{round}/many/", 256, 20)));
        }
    }
    var rows = new List<string>();
    foreach (var backend in backends)
    {
        var list = await Workloads.ListMillisecondsAsync(backend.Store, "/list/", 1000, 20);
        await Workloads.ChurnAsync(backend.Store, "/churn/");
        var w = writes[backend];
        rows.Add($"| {backend.Name} | {Median(w.Select(x => x.One)):F0} | {Median(w.Select(x => x.Sixteen)):F0} | {Median(w.Select(x => x.Many)):F0} | {list:F1} | {backend.BytesOnDisk() / 1024.0 / 1024:F1} MiB |");
        await backend.Store.DisposeAsync();
    }

    Console.WriteLine($"### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: storage backends (bench/Berth.Bench.Storage)");
    Console.WriteLine();
    Console.WriteLine($"- machine: {Environment.ProcessorCount} CPUs, Linux {Environment.OSVersion.Version}; load average {load} at start, {Load()} at end");
    Console.WriteLine($"- writes: each client updates its own 512-byte key in a loop, waiting for each acknowledgement (durable: SQLite fsyncs its WAL, etcd its raft log); median of {rounds} rounds, backends alternating");
    Console.WriteLine("- list: median of 20 one-page lists of 1000 keys of 1 KiB; on disk: after all of the above plus a churn of 100 keys of 1 KiB updated 200 times each, compacted to the current revision (SQLite: database + WAL; etcd: its bbolt file, not defragmented)");
    Console.WriteLine();
    Console.WriteLine("| backend | writes/s, 1 client | writes/s, 16 clients | writes/s, 256 clients | list 1000 keys, ms | on disk |");
    Console.WriteLine("|---|--:|--:|--:|--:|--:|");
    foreach (var row in rows) Console.WriteLine(row);
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static double Median(IEnumerable<double> values) => values.Order().ElementAt(rounds / 2);

static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

static string EtcdVersion(string binary)
{
    using var process = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return output.Split('\n').FirstOrDefault(line => line.StartsWith("etcd Version:"))?.Split(':')[1].Trim() ?? "?";
}

sealed record Backend(string Name, IKeyValueStore Store, Func<long> BytesOnDisk);
