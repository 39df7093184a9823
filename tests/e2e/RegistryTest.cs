// Base of the end-to-end registry tests: a running `berth registry`, an isolated podman to build images,
// and a work directory, all removed afterwards.
namespace Berth.E2E.Tests;

public abstract class RegistryTest : IAsyncLifetime
{
    protected RegistryProcess Registry { get; private set; } = null!;
    protected Podman Podman { get; } = new();
    protected string Work { get; } = Directory.CreateTempSubdirectory("berth-e2e-").FullName;

    public virtual Task InitializeAsync()
    {
        Registry = CreateRegistry();
        return Registry.StartAsync();
    }

    protected virtual RegistryProcess CreateRegistry() => new();

    /// <summary>Builds a layered image with podman and copies it to an OCI layout; returns "oci:DIR:TAG".</summary>
    protected async Task<string> MakeImageLayoutAsync(string name, int layers, int bytesPerLayer, int seed)
    {
        var local = $"localhost/{name}:{seed}";
        await Podman.BuildLayeredImageAsync(local, layers, bytesPerLayer, seed);
        var layout = $"oci:{Work}/{name}-{seed}:{seed}";
        (await Tool.RunAsync("skopeo", ["copy", Podman.StorageReference(local), layout])).Check("skopeo copy to an OCI layout");
        return layout;
    }

    protected static string LayoutDirectory(string layout) => layout.Split(':')[1];

    protected string Remote(string repositoryAndTag) => $"docker://{Registry.Address}/{repositoryAndTag}";

    protected static Task<ToolResult> Skopeo(params string[] args) => Tool.RunAsync("skopeo", args, TimeSpan.FromMinutes(4));

    protected int StoredBlobCount() =>
        Directory.EnumerateFiles(Path.Combine(Registry.Root, "blobs"), "data", SearchOption.AllDirectories).Count();

    public virtual async Task DisposeAsync()
    {
        if (Registry is not null) await Registry.DisposeAsync();
        await Podman.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }
}
