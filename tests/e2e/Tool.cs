// Runs the external programs the end-to-end tests drive (berth, skopeo, podman) and fails with the Debian
// package to install when one is missing, instead of skipping.
using System.Diagnostics;

namespace Berth.E2E.Tests;

public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public ToolResult Check(string what)
    {
        Assert.True(ExitCode == 0, $"{what} exited {ExitCode}:\n{Output}\n{Error}");
        return this;
    }
}

public static class Tool
{
    static readonly Dictionary<string, string> Packages = new()
    {
        ["skopeo"] = "skopeo", ["podman"] = "podman", ["htpasswd"] = "apache2-utils", ["openssl"] = "openssl", ["docker-registry"] = "docker-registry", ["script"] = "bsdutils", ["runc"] = "runc", ["ip"] = "iproute2", ["iptables-save"] = "iptables",
    };

    public static string Require(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            $"{name} is not installed: run scripts/setup.sh (Debian package {Packages.GetValueOrDefault(name, name)})");
    }

    /// <summary>The berth binary under test: $BERTH_BINARY, else out/berth from scripts/setup.sh.</summary>
    public static string Berth()
    {
        var path = Environment.GetEnvironmentVariable("BERTH_BINARY") ?? Path.Combine(RepositoryRoot(), "out", "berth");
        return File.Exists(path) ? path : throw new InvalidOperationException($"berth binary not found at {path}: run scripts/setup.sh");
    }

    public static async Task<ToolResult> RunAsync(string name, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(name.Contains('/') ? name : Require(name))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (stdin is not null) { await process.StandardInput.WriteAsync(stdin); process.StandardInput.Close(); }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', args)} did not finish in {timeout ?? TimeSpan.FromMinutes(2)}");
        }
        return new ToolResult(process.ExitCode, await output, await error);
    }

    public static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Berth.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Berth.sln) above the test binaries");
    }
}
