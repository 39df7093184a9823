// The OCI spec of a container in a pod: it joins the pod's network, IPC and UTS namespaces by path and mounts the
// pod's shm at /dev/shm; it keeps its own PID and mount namespaces.
using Berth.Runtime.Oci;

namespace Berth.Runtime.Tests;

public sealed class SandboxSpecTests
{
    [Fact]
    public void A_container_in_a_pod_joins_its_namespaces_by_path_and_mounts_its_shm()
    {
        var spec = SpecGenerator.Generate(new ContainerRequest
        {
            Id = "c1", Rootfs = "/rootfs", Args = ["true"],
            NetworkNamespace = "/run/berth/netns/p", IpcNamespace = "/run/berth/ipcns/p", UtsNamespace = "/run/berth/utsns/p", Shm = "/run/berth/sandboxes/p/shm",
        });

        Assert.Equal(
            [new("pid"), new("ipc", "/run/berth/ipcns/p"), new("uts", "/run/berth/utsns/p"), new("mount"), new("network", "/run/berth/netns/p")],
            spec.Linux.Namespaces);
        var shm = Assert.Single(spec.Mounts, m => m.Destination == "/dev/shm");
        Assert.Equal(("bind", "/run/berth/sandboxes/p/shm"), (shm.Type, shm.Source));
    }

    [Fact]
    public void A_container_outside_a_pod_gets_new_namespaces_and_its_own_shm_tmpfs()
    {
        var spec = SpecGenerator.Generate(new ContainerRequest { Id = "c1", Rootfs = "/rootfs", Args = ["true"] });

        Assert.All(spec.Linux.Namespaces, ns => Assert.Null(ns.Path));
        Assert.Equal("tmpfs", Assert.Single(spec.Mounts, m => m.Destination == "/dev/shm").Type);
    }
}
