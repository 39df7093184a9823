// A real `berth server --disable-agent` process on a free loopback port with its own data dir and kubeconfig,
// for driving the real kubectl against it. Stopped with SIGTERM by PID, data dir removed on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.E2E.Tests;

public sealed class BerthServerProcess : IAsyncLifetime
{
    Process? _process;
    readonly System.Text.StringBuilder _log = new();

    public string DataDir { get; } = Directory.CreateTempSubdirectory("berth-server-").FullName;
    public int Port { get; } = FreePort();
    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig");
    public string Log { get { lock (_log) return _log.ToString(); } }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(Tool.Berth()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "server", "--data-dir", DataDir, "--bind-address", "127.0.0.1", "--https-listen-port", Port.ToString(),
                     "--write-kubeconfig", Kubeconfig, "--disable-agent" })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"berth server exited {_process.ExitCode}:\n{Log}");
            if (File.Exists(Kubeconfig) && await AnswersAsync()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"berth server did not answer on 127.0.0.1:{Port} within 30 s:\n{Log}");
    }

    async Task<bool> AnswersAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        try { return (await http.GetAsync($"https://127.0.0.1:{Port}/readyz")).StatusCode == HttpStatusCode.OK; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    /// <summary>SIGTERM, as systemd and kill would send; the server is expected to exit 0 promptly.</summary>
    public async Task<int> StopAsync()
    {
        if (_process is null || _process.HasExited) return _process?.ExitCode ?? 0;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task DisposeAsync()
    {
        try { await StopAsync(); }
        catch (OperationCanceledException) { _process!.Kill(); }
        _process?.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
