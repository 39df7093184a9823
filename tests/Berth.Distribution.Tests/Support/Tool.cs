// The Debian tools the tests drive (docker-registry, htpasswd). A missing one fails the test with the package
// to install, instead of skipping it.
using System.Diagnostics;

namespace Berth.Distribution.Tests.Support;

static class Tool
{
    static readonly Dictionary<string, string> Packages = new() { ["docker-registry"] = "docker-registry", ["htpasswd"] = "apache2-utils" };

    public static string Require(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            $"{name} is not installed: run scripts/setup.sh or apt-get install {Packages.GetValueOrDefault(name, name)}");
    }

    /// <summary>An htpasswd file with one bcrypt entry, as both registries require.</summary>
    public static async Task<string> HtpasswdFileAsync(string path, string user, string password)
    {
        var start = new ProcessStartInfo(Require("htpasswd")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-nbB", "-C", "4", user, password }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"htpasswd exited {process.ExitCode}: {error}");
        await File.WriteAllTextAsync(path, output.Trim() + "\n");
        return path;
    }
}
