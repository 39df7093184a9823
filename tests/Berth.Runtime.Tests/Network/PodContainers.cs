// Busybox containers in pod sandboxes for the network tests: an HTTP server (httpd) and a client (wget) whose
// retries are bounded, and a fetch from the host with no proxy, so no request ever leaves the host.
using System.Net;
using System.Net.Sockets;
using Berth.Runtime.Containers;
using Berth.Runtime.Sandboxes;

namespace Berth.Runtime.Tests.Network;

static class PodContainers
{
    /// <summary>Serves <paramref name="text"/> on port 8080 of the pod.</summary>
    public static string HttpServer(string text) => $"mkdir -p /www && echo {text} > /www/index.html && exec httpd -f -p 8080 -h /www";

    /// <summary>Prints the body of <paramref name="url"/>, retrying for up to ~5 s while the server starts; exits 1 if it never answers.</summary>
    public static string Fetch(string url) => $"for i in $(seq 50); do timeout 2 wget -q -O - {url} && break; [ $i = 50 ] && exit 1; sleep 0.1; done";

    public static async Task<string> StartAsync(this ContainerManager containers, Sandbox sandbox, string script)
    {
        var container = await containers.CreateAsync(
            new CreateOptions { Image = PodNetworkHost.Busybox, Command = ["sh", "-c", script], Sandbox = sandbox }, CancellationToken.None);
        await containers.StartAsync(container.Id, CancellationToken.None);
        return container.Id;
    }

    public static async Task<(int ExitCode, IReadOnlyList<string> Stdout, string Log)> RunToExitAsync(this ContainerManager containers, Sandbox sandbox, string script)
    {
        var id = await containers.StartAsync(sandbox, script);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = await containers.WaitAsync(id, timeout.Token);
        var log = await File.ReadAllTextAsync(containers.LogPath(id));
        var stdout = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Split(' ')[1] == "stdout").Select(l => l.Split(' ', 4)[3]).ToList();
        return (state.ExitCode ?? -1, stdout, log);
    }

    /// <summary>A free TCP port on 127.0.0.1 in the Kubernetes node-port range (30000-32767).</summary>
    public static int FreeHostPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(30000, 32768);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port in 30000-32767 on 127.0.0.1 after 50 tries");
    }

    /// <summary>GETs a URL from the host, retrying for up to ~5 s while the server starts; null if it never answered.</summary>
    public static async Task<string?> FetchFromHostAsync(string url)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try { return await client.GetStringAsync(url); }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        return null;
    }
}
