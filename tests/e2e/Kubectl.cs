// The real /usr/bin/kubectl (a dispatcher that runs kubectl 1.<server minor>) against a berth server, with a
// discovery cache in its own temp dir so no test sees another's cached discovery.
using System.Diagnostics;

namespace Berth.E2E.Tests;

public sealed class Kubectl(string kubeconfig) : IDisposable
{
    public const string Binary = "/usr/bin/kubectl";
    readonly string _cacheDir = Directory.CreateTempSubdirectory("berth-kubectl-cache-").FullName;

    public string[] Arguments(params string[] args) => ["--kubeconfig", kubeconfig, "--cache-dir", _cacheDir, .. args];

    public Task<ToolResult> RunAsync(params string[] args) => Tool.RunAsync(Binary, Arguments(args), TimeSpan.FromSeconds(60));

    public async Task<string> OkAsync(params string[] args) => (await RunAsync(args)).Check($"kubectl {string.Join(' ', args)}").Output;

    public Task<ToolResult> ApplyAsync(string yaml, params string[] extra) =>
        Tool.RunAsync(Binary, Arguments(["apply", "-f", "-", .. extra]), TimeSpan.FromSeconds(60), stdin: yaml);

    /// <summary>A long-running kubectl (such as `get -w`), its stdout lines delivered as they come.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Arguments(args)) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public void Dispose() => Directory.Delete(_cacheDir, recursive: true);
}
