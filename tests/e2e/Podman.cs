// An isolated podman (its own storage root in a temp dir, vfs driver), so tests neither see nor leave
// anything in the machine's image store.
namespace Berth.E2E.Tests;

public sealed class Podman : IAsyncDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-podman-").FullName;

    public string StorageReference(string image) => $"containers-storage:[vfs@{_dir}/root+{_dir}/runroot]{image}";

    public Task<ToolResult> RunAsync(params string[] args) =>
        Tool.RunAsync("podman", new[] { "--root", $"{_dir}/root", "--runroot", $"{_dir}/runroot", "--storage-driver", "vfs",
            "--cgroup-manager", "cgroupfs", "--events-backend", "none" }.Concat(args), TimeSpan.FromMinutes(3));

    /// <summary>Builds an image FROM scratch with one COPY layer per file (podman build needs no runtime for that).</summary>
    public async Task BuildLayeredImageAsync(string name, int layers, int bytesPerLayer, int seed)
    {
        var context = Path.Combine(_dir, "context-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        var random = new Random(seed);
        var file = new List<string> { "FROM scratch" };
        for (var i = 0; i < layers; i++)
        {
            var data = new byte[bytesPerLayer];
            random.NextBytes(data);
            await File.WriteAllBytesAsync(Path.Combine(context, $"layer{i}.bin"), data);
            file.Add($"COPY layer{i}.bin /data/layer{i}.bin");
        }
        file.Add("CMD [\"/data/layer0.bin\"]");
        await File.WriteAllLinesAsync(Path.Combine(context, "Containerfile"), file);
        (await RunAsync("build", "--layers", "-t", name, context)).Check("podman build");
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("rmi", "--all", "--force");
        try { Directory.Delete(_dir, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
