// The machine and tool versions a result was measured with, for the RESULTS.md entry.
using System.Diagnostics;

namespace Berth.Bench.Sandbox;

static class Machine
{
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} CPUs ({model}), Linux {Environment.OSVersion.Version}, {long.Parse(memory) / 1024.0 / 1024:0.0} GiB RAM";
    }

    public static string Versions() =>
        $"{Output("runc", "--version").Split('\n')[0]}; {Output("conmon", "--version").Split('\n')[0]}; " +
        $"containernetworking-plugins {Output("dpkg-query", "-W", "-f=${Version}", "containernetworking-plugins")}; {Output("iptables", "--version").Trim()}";

    static string Output(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
}
