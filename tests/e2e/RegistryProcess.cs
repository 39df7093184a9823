// A real `berth registry` process on a free loopback port with its own root, for tests that need the
// binary itself (interop with skopeo and podman, kill -9). Stopped by PID, root removed on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.E2E.Tests;

public sealed class RegistryProcess : IAsyncDisposable
{
    readonly string[] _extraArgs;
    Process? _process;

    public RegistryProcess(string? root = null, params string[] extraArgs)
    {
        Root = root ?? Directory.CreateTempSubdirectory("berth-registry-").FullName;
        _extraArgs = extraArgs;
        Port = FreePort();
    }

    public string Root { get; }
    public int Port { get; }
    public string Address => $"127.0.0.1:{Port}";
    public string Log { get; private set; } = "";
    public bool Tls => _extraArgs.Contains("--tls-cert");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Tool.Berth()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "registry", "--listen", Address, "--root", Root }.Concat(_extraArgs)) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { lock (this) Log += e.Data + "\n"; };
        _process.OutputDataReceived += (_, e) => { lock (this) Log += e.Data + "\n"; };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"berth registry exited {_process.ExitCode}:\n{Log}");
            try
            {
                var response = await http.GetAsync($"{(Tls ? "https" : "http")}://{Address}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"berth registry did not answer on {Address} within 20 s:\n{Log}");
    }

    /// <summary>kill -9: no chance to flush, finish or clean up anything.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
