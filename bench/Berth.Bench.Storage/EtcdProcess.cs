// A throwaway etcd (Debian's etcd-server) on free loopback ports with its data in a temp dir, for the
// benchmark's etcd rows; killed by PID and removed on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Bench.Storage;

sealed class EtcdProcess : IAsyncDisposable
{
    readonly Process _process;

    EtcdProcess(Process process, string dataDir, Uri endpoint)
    {
        _process = process;
        DataDir = dataDir;
        Endpoint = endpoint;
    }

    public string DataDir { get; }
    public Uri Endpoint { get; }

    /// <summary>The size of etcd's bbolt database file, which compaction alone does not shrink.</summary>
    public long DatabaseBytes => new FileInfo(Path.Combine(DataDir, "member", "snap", "db")).Length;

    public static async Task<EtcdProcess> StartAsync(string binary, string dataDir)
    {
        var client = $"http://127.0.0.1:{FreePort()}";
        var peer = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "--name", "bench", "--data-dir", dataDir,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"bench={peer}",
            "--logger", "zap", "--log-level", "error",
        }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var etcd = new EtcdProcess(process, dataDir, new Uri(client + "/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (process.HasExited) throw new InvalidOperationException($"etcd exited with {process.ExitCode}");
            try
            {
                if ((await http.GetStringAsync(new Uri(etcd.Endpoint, "health"))).Contains("\"true\"")) return etcd;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
        await etcd.DisposeAsync();
        throw new TimeoutException($"etcd at {client} was not healthy within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
