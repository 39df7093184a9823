// `berth registry gc` run against the root of a registry that keeps serving: what an untagged manifest alone
// used is freed, what remaining tags use still pulls.
using System.Net;

namespace Berth.E2E.Tests;

public sealed class GarbageCollectionCliTests : RegistryTest
{
    [Fact]
    public async Task Gc_while_serving_frees_the_untagged_image_and_keeps_the_tagged_one_pullable()
    {
        (await Skopeo("copy", "--dest-tls-verify=false", await MakeImageLayoutAsync("gc", 2, 1 << 20, 21), Remote("gc/app:1"))).Check("push 1");
        (await Skopeo("copy", "--dest-tls-verify=false", await MakeImageLayoutAsync("gc", 2, 1 << 20, 22), Remote("gc/app:2"))).Check("push 2");
        using (var http = new HttpClient())
            Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync($"http://{Registry.Address}/v2/gc/app/manifests/2")).StatusCode);
        var before = StoredBlobCount();

        var gc = (await Tool.RunAsync(Tool.Berth(), ["registry", "gc", "--root", Registry.Root, "--grace-period", "00:00:00"])).Check("berth registry gc");
        // The untagged manifest, and its manifest blob, config and two layers.
        Assert.Contains("deleted 1 manifest(s) and 4 blob(s)", gc.Output);
        Assert.Equal(before - 4, StoredBlobCount());

        (await Skopeo("copy", "--src-tls-verify=false", Remote("gc/app:1"), $"oci:{Work}/pulled:1")).Check("pull after gc");
        var again = (await Tool.RunAsync(Tool.Berth(), ["registry", "gc", "--root", Registry.Root, "--grace-period", "00:00:00"])).Check("second gc");
        Assert.Contains("deleted 0 manifest(s) and 0 blob(s)", again.Output);
    }
}
