// Enum values travel as numbers: each CRI enum's names and numbers must be upstream's, or a state, mode or
// driver is read as another one (the zero values are the defaults every peer assumes when a field is absent).
using Berth.Cri.V1;

namespace Berth.Cri.Tests;

public class EnumValueTests
{
    [Theory]
    [InlineData("ContainerState", "CONTAINER_CREATED=0 CONTAINER_RUNNING=1 CONTAINER_EXITED=2 CONTAINER_UNKNOWN=3")]
    [InlineData("PodSandboxState", "SANDBOX_READY=0 SANDBOX_NOTREADY=1")]
    [InlineData("NamespaceMode", "POD=0 CONTAINER=1 NODE=2 TARGET=3")]
    [InlineData("MountPropagation", "PROPAGATION_PRIVATE=0 PROPAGATION_HOST_TO_CONTAINER=1 PROPAGATION_BIDIRECTIONAL=2")]
    [InlineData("Protocol", "TCP=0 UDP=1 SCTP=2")]
    [InlineData("SupplementalGroupsPolicy", "Merge=0 Strict=1")]
    [InlineData("SecurityProfile.ProfileType", "RuntimeDefault=0 Unconfined=1 Localhost=2")]
    [InlineData("ContainerEventType",
        "CONTAINER_CREATED_EVENT=0 CONTAINER_STARTED_EVENT=1 CONTAINER_STOPPED_EVENT=2 CONTAINER_DELETED_EVENT=3")]
    [InlineData("MetricType", "COUNTER=0 GAUGE=1")]
    [InlineData("CgroupDriver", "SYSTEMD=0 CGROUPFS=1")]
    public void Enum_has_the_upstream_names_and_numbers(string name, string values)
    {
        var descriptor = ApiReflection.Descriptor.EnumTypes
            .Concat(ApiReflection.Descriptor.MessageTypes.SelectMany(m => m.EnumTypes))
            .Single(e => e.FullName == "runtime.v1." + name);

        Assert.Equal(values, string.Join(" ", descriptor.Values.Select(v => $"{v.Name}={v.Number}")));
    }

    [Fact]
    public void Generated_enum_members_carry_the_wire_numbers()
    {
        Assert.Equal(2, (int)ContainerState.ContainerExited);
        Assert.Equal(1, (int)PodSandboxState.SandboxNotready);
        Assert.Equal(2, (int)NamespaceMode.Node);
        Assert.Equal(1, (int)CgroupDriver.Cgroupfs);
    }
}
