// Runs the host's own tools (ip, nsenter, iptables-save) to look at what the code under test made, with a time
// limit; a missing tool fails the test naming the Debian package that has it.
using System.Diagnostics;

namespace Berth.Runtime.Tests.Network;

static class HostTool
{
    static readonly Dictionary<string, string> Packages = new()
    {
        ["ip"] = "iproute2", ["nsenter"] = "util-linux", ["stat"] = "coreutils",
        ["iptables-save"] = "iptables", ["iptables-restore"] = "iptables",
    };

    /// <summary>Runs the tool and returns its stdout; a non-zero exit fails the test with its stderr.</summary>
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var (code, stdout, stderr) = await TryRunAsync(tool, args);
        Assert.True(code == 0, $"{tool} {string.Join(' ', args)} exited {code}: {stderr.Trim()}");
        return stdout;
    }

    public static Task<(int Code, string Stdout, string Stderr)> TryRunAsync(string tool, params string[] args) =>
        TryRunWithInputAsync(tool, null, args);

    public static async Task<(int Code, string Stdout, string Stderr)> TryRunWithInputAsync(string tool, string? stdin, params string[] args)
    {
        var path = OciRuntime.Which(tool);
        Assert.True(path is not null, $"{tool} is missing: install the Debian package {Packages.GetValueOrDefault(tool, tool)}");
        var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a tool inside a network namespace (nsenter --net).</summary>
    public static Task<string> InNetnsAsync(string netns, string tool, params string[] args) =>
        RunAsync("nsenter", [$"--net={netns}", tool, .. args]);
}
