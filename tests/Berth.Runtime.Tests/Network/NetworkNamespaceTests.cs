// A network namespace pinned by a bind mount: it exists with no process in it, holds only loopback, and is gone
// once removed.
using Berth.Runtime.Network;

namespace Berth.Runtime.Tests.Network;

[Collection(PodNetworkCollection.Name)]
public sealed class NetworkNamespaceTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-netns-").FullName;

    [Fact]
    public async Task A_pinned_namespace_outlives_its_thread_holds_only_loopback_and_is_gone_after_remove()
    {
        var ns = await NetworkNamespace.CreateAsync(_dir, "pinned");

        Assert.Equal(Path.Combine(_dir, "netns", "pinned"), ns.Path);
        Assert.True(ns.Exists);
        var links = (await HostTool.InNetnsAsync(ns.Path, "ip", "-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("lo", Assert.Single(links).Split(':')[1].Trim());
        var host = await HostTool.RunAsync("stat", "-L", "-c", "%i", "/proc/self/ns/net");
        Assert.NotEqual(host, await HostTool.RunAsync("stat", "-L", "-c", "%i", ns.Path));

        ns.Remove();
        Assert.False(ns.Exists);
        Assert.False(File.Exists(ns.Path));
        Assert.Empty(PodNetworkHost.MountsUnder(_dir));
        ns.Remove();
    }

    [Fact]
    public async Task Creating_a_namespace_whose_name_is_taken_fails_and_keeps_the_first()
    {
        var ns = await NetworkNamespace.CreateAsync(_dir, "taken");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NetworkNamespace.CreateAsync(_dir, "taken"));
            Assert.Contains("already exists", error.Message);
            Assert.True(ns.Exists);
        }
        finally
        {
            ns.Remove();
        }
    }

    public void Dispose()
    {
        foreach (var mount in PodNetworkHost.MountsUnder(_dir)) Native.Posix.Unmount(mount);
        Directory.Delete(_dir, recursive: true);
    }
}
