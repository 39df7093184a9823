// A real etcd (Debian's etcd-server) on free loopback ports with its data in a temp dir, for the etcd backend's
// tests. Started once per test class, killed by PID on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.ApiServer.Tests.Support;

public sealed class EtcdServer : IAsyncLifetime
{
    const string Binary = "/usr/bin/etcd";
    readonly TempDir _dir = new();
    readonly List<string> _log = [];
    Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's etcd-server package (apt-get install -y etcd-server; scripts/setup.sh does)");
        var client = $"http://127.0.0.1:{FreePort()}";
        var peer = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[]
        {
            "--name", "berth-test", "--data-dir", _dir["data"],
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"berth-test={peer}",
            "--logger", "zap", "--log-level", "warn",
        }) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.Add(e.Data ?? ""); };
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.Add(e.Data ?? ""); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Endpoint = new Uri(client + "/");
        await WaitHealthyAsync();
    }

    async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"etcd exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetStringAsync(new Uri(Endpoint, "health"))).Contains("\"true\"")) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"etcd at {Endpoint} was not healthy within 30 s:\n{Log}");
    }

    string Log
    {
        get { lock (_log) return string.Join('\n', _log); }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
