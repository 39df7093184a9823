// distribution's registry (Debian's docker-registry 2.8) as a real process on a free loopback port, with a config
// written for the test (never Debian's own, which listens on every interface). Killed by its PID on dispose.
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Berth.Distribution.Tests.Support;

sealed class DockerRegistry : ITestRegistry
{
    readonly Process _process;
    readonly TempDir _root;
    readonly StringBuilder _log;

    DockerRegistry(Process process, TempDir root, StringBuilder log, string address) => (_process, _root, _log, Address) = (process, root, log, address);

    public string Address { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <param name="auth">The config's "auth:" section, if any (see <see cref="HtpasswdAuth"/>, <see cref="TokenAuth"/>).</param>
    public static async Task<DockerRegistry> StartAsync(string auth = "")
    {
        var binary = Tool.Require("docker-registry");
        var root = new TempDir();
        var address = $"127.0.0.1:{FreePort.Next()}";
        var config = root["config.yml"];
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {root["data"]}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: {address}
              secret: berth-distribution-tests
            {auth}
            """);

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var log = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DockerRegistry(process, root, log, address);
        try
        {
            await registry.WaitUntilServingAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    public static string HtpasswdAuth(string path) => $"""
        auth:
          htpasswd:
            realm: berth-tests
            path: {path}
        """;

    public static string TokenAuth(TokenServer tokens) => $"""
        auth:
          token:
            realm: {tokens.Realm}
            service: {TokenServer.Service}
            issuer: {TokenServer.Issuer}
            rootcertbundle: {tokens.CertificateBundle}
        """;

    async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(25);
        }
        throw new TimeoutException($"docker-registry did not answer on {Address} within 15 s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _root.Dispose();
    }
}
