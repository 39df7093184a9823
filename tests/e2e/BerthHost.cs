// A berth CLI with its own --data-dir and --run-dir (temp dirs) and a busybox image imported offline,
// for tests of the docker-like commands. Removes its containers, mounts and dirs afterwards.
namespace Berth.E2E.Tests;

public sealed class BerthHost : IAsyncLifetime
{
    public string Data { get; } = Directory.CreateTempSubdirectory("berth-data-").FullName;
    public string Run { get; } = Directory.CreateTempSubdirectory("berth-run-").FullName;
    public const string Busybox = "busybox:1.36.1";

    public async Task InitializeAsync()
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(Data, "busybox-rootfs")).FullName;
        Assert.True(File.Exists("/bin/busybox"), "/bin/busybox is missing: install the Debian package busybox-static");
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "echo", "cat", "id", "pwd", "sleep", "hostname", "ls", "true", "tty", "httpd", "ip", "wget" })
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        await File.WriteAllTextAsync(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        await File.WriteAllTextAsync(Path.Combine(rootfs, "etc", "group"), "root:x:0:\napp:x:1000:\nwheel:x:10:app\n");
        (await RunAsync("image", "import-rootfs", rootfs, Busybox)).Check("berth image import-rootfs");
    }

    static int _instances;
    readonly int _instance = Interlocked.Increment(ref _instances) % 40;

    /// <summary>A bridge and subnet of this host's own, so test hosts running in parallel never share IPs or rules.</summary>
    public string Bridge => $"berthe2e{_instance}";
    public string PodCidr => $"10.42.{200 + _instance}.0/24";

    public Task<ToolResult> RunAsync(params string[] args) =>
        Tool.RunAsync(Tool.Berth(), new[] { "--data-dir", Data, "--run-dir", Run, "--bridge", Bridge, "--pod-cidr", PodCidr }.Concat(args), TimeSpan.FromMinutes(2));

    public int Mounts() => File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Contains(Data));

    public async Task DisposeAsync()
    {
        var ids = (await RunAsync("ps", "-a")).Output.Split('\n').Skip(1).Select(l => l.Split(' ')[0]).Where(id => id.Length > 0);
        foreach (var id in ids) await RunAsync("rm", "-f", id);
        // The bridge is the one thing CNI leaves by design; the containers' rules and IPs went with rm.
        await Tool.RunAsync("ip", ["link", "del", Bridge]);
        Directory.Delete(Data, recursive: true);
        Directory.Delete(Run, recursive: true);
    }
}
