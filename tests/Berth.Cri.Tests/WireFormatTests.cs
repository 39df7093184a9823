// Pins the CRI wire format: messages as the kubelet and crictl send them must encode to the bytes the upstream field
// numbers and types give, written out by hand; a wrong number, type or packing in api.proto fails here.
using Berth.Cri.V1;
using Google.Protobuf;
using static Berth.Cri.Tests.Support.Wire;

namespace Berth.Cri.Tests;

public class WireFormatTests
{
    [Fact]
    public void Pod_sandbox_config_encodes_metadata_labels_and_linux_security_context_at_the_CRI_field_numbers()
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "web-0", Uid = "5f0c", Namespace = "default", Attempt = 1 },
            Hostname = "web-0",
            LogDirectory = "/var/log/pods/default_web-0_5f0c",
            Labels = { ["app"] = "web" },
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = "/kubepods/besteffort/pod5f0c",
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Pid = NamespaceMode.Container },
                    RunAsUser = new Int64Value { Value = 1000 },
                    RunAsGroup = new Int64Value { Value = 3000 },
                    ReadonlyRootfs = true,
                    SupplementalGroups = { 2000, 300000 },
                    SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict,
                    Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.RuntimeDefault },
                },
            },
        };

        AssertWire(config, Message(
            Nested(1, String(1, "web-0"), String(2, "5f0c"), String(3, "default"), Varint(4, 1)),
            String(2, "web-0"),
            String(3, "/var/log/pods/default_web-0_5f0c"),
            MapEntry(6, "app", "web"),
            Nested(8,
                String(1, "/kubepods/besteffort/pod5f0c"),
                Nested(2,
                    Nested(1, Varint(1, 2), Varint(2, 1)),
                    Nested(3, Varint(1, 1000)),
                    Bool(4, true),
                    Packed(5, 2000, 300000),
                    Nested(8, Varint(1, 3000)),
                    // RuntimeDefault is the zero value: the profile is present but empty.
                    Nested(9),
                    Varint(11, 1)))));
    }

    [Fact]
    public void Container_config_encodes_image_command_envs_mounts_and_linux_resources_at_the_CRI_field_numbers()
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "app", Attempt = 2 },
            Image = new ImageSpec { Image = "sha256:0a1b", UserSpecifiedImage = "busybox:1.36" },
            Command = { "/bin/sh" },
            Args = { "-c", "echo hi" },
            WorkingDir = "/work",
            Envs = { new KeyValue { Key = "MODE", Value = "prod" } },
            Mounts =
            {
                new Mount
                {
                    ContainerPath = "/data", HostPath = "/var/lib/kubelet/pods/5f0c/volumes/data", Readonly = true,
                    Propagation = MountPropagation.PropagationHostToContainer, RecursiveReadOnly = true,
                },
                new Mount { ContainerPath = "/models", Image = new ImageSpec { Image = "sha256:9f8e" }, ImageSubPath = "v1" },
            },
            LogPath = "app/2.log",
            Tty = true,
            Linux = new LinuxContainerConfig
            {
                Resources = new LinuxContainerResources
                {
                    CpuPeriod = 100000, CpuQuota = 50000, CpuShares = 512, MemoryLimitInBytes = 268435456,
                    OomScoreAdj = -997, Unified = { ["memory.high"] = "200M" }, MemorySwapLimitInBytes = 268435456,
                },
                SecurityContext = new LinuxContainerSecurityContext
                {
                    Capabilities = new Capability { AddCapabilities = { "NET_BIND_SERVICE" }, DropCapabilities = { "ALL" } },
                    RunAsUser = new Int64Value { Value = 1000 },
                    RunAsGroup = new Int64Value { Value = 1000 },
                    NoNewPrivs = true,
                    MaskedPaths = { "/proc/kcore" },
                    Seccomp = new SecurityProfile
                    {
                        ProfileType = SecurityProfile.Types.ProfileType.Localhost, LocalhostRef = "/profiles/audit.json",
                    },
                    SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict,
                },
            },
            CDIDevices = { new CDIDevice { Name = "vendor.com/gpu=0" } },
        };

        AssertWire(config, Message(
            Nested(1, String(1, "app"), Varint(2, 2)),
            Nested(2, String(1, "sha256:0a1b"), String(18, "busybox:1.36")),
            String(3, "/bin/sh"),
            String(4, "-c"), String(4, "echo hi"),
            String(5, "/work"),
            Nested(6, String(1, "MODE"), String(2, "prod")),
            Nested(7, String(1, "/data"), String(2, "/var/lib/kubelet/pods/5f0c/volumes/data"), Bool(3, true),
                Varint(5, 1), Bool(8, true)),
            Nested(7, String(1, "/models"), Nested(9, String(1, "sha256:9f8e")), String(10, "v1")),
            String(11, "app/2.log"),
            Bool(14, true),
            Nested(15,
                Nested(1,
                    Varint(1, 100000), Varint(2, 50000), Varint(3, 512), Varint(4, 268435456),
                    Varint(5, -997),
                    MapEntry(9, "memory.high", "200M"),
                    Varint(10, 268435456)),
                Nested(2,
                    Nested(1, String(1, "NET_BIND_SERVICE"), String(2, "ALL")),
                    Nested(5, Varint(1, 1000)),
                    Bool(11, true),
                    Nested(12, Varint(1, 1000)),
                    String(13, "/proc/kcore"),
                    Nested(15, Varint(1, 2), String(2, "/profiles/audit.json")),
                    Varint(17, 1))),
            Nested(17, String(1, "vendor.com/gpu=0"))));
    }

    [Fact]
    public void Field_numbers_above_15_take_two_byte_tags()
    {
        // ImageSpec.user_specified_image is field 18, length-delimited: (18 << 3) | 2 = 146 = 0x92 0x01.
        Assert.Equal(
            Convert.FromHexString("920103" + "6F6E65"),
            new ImageSpec { UserSpecifiedImage = "one" }.ToByteArray());
        // LinuxContainerSecurityContext.supplemental_groups_policy is field 17, varint: (17 << 3) | 0 = 136 = 0x88 0x01.
        Assert.Equal(
            Convert.FromHexString("880101"),
            new LinuxContainerSecurityContext { SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict }.ToByteArray());
    }

    [Fact]
    public void Negative_int64_values_are_ten_byte_varints_not_zigzag()
    {
        // oom_score_adj is int64 (field 5): -997 is 2^64 - 997 as a varint.
        Assert.Equal(
            Convert.FromHexString("28" + "9BF8FFFFFFFFFFFFFF01"),
            new LinuxContainerResources { OomScoreAdj = -997 }.ToByteArray());
    }

    [Fact]
    public void Pull_image_request_encodes_the_image_the_registry_credentials_and_the_pod()
    {
        var request = new PullImageRequest
        {
            Image = new ImageSpec { Image = "localhost:5000/app:1.0" },
            Auth = new AuthConfig
            {
                Username = "ci", Password = "s3cret", Auth = "Y2k6czNjcmV0", ServerAddress = "localhost:5000",
                IdentityToken = "refresh-token", RegistryToken = "bearer-token",
            },
            SandboxConfig = new PodSandboxConfig
            {
                Metadata = new PodSandboxMetadata { Name = "web-0", Uid = "5f0c", Namespace = "default" },
            },
        };

        AssertWire(request, Message(
            Nested(1, String(1, "localhost:5000/app:1.0")),
            Nested(2,
                String(1, "ci"), String(2, "s3cret"), String(3, "Y2k6czNjcmV0"), String(4, "localhost:5000"),
                String(5, "refresh-token"), String(6, "bearer-token")),
            Nested(3, Nested(1, String(1, "web-0"), String(2, "5f0c"), String(3, "default")))));
    }

    [Fact]
    public void Exec_sync_request_and_response_encode_command_timeout_output_and_exit_code()
    {
        AssertWire(
            new ExecSyncRequest { ContainerId = "c0ffee", Cmd = { "cat", "/etc/hostname" }, Timeout = 5 },
            Message(String(1, "c0ffee"), String(2, "cat"), String(2, "/etc/hostname"), Varint(3, 5)));

        AssertWire(
            new ExecSyncResponse
            {
                Stdout = ByteString.CopyFromUtf8("web-0\n"), Stderr = ByteString.CopyFromUtf8("warning\n"), ExitCode = 137,
            },
            Message(String(1, "web-0\n"), String(2, "warning\n"), Varint(3, 137)));
    }

    [Fact]
    public void Exec_and_attach_requests_number_their_stream_flags_differently()
    {
        // Exec: tty 3, stdin 4, stdout 5, stderr 6. Attach: stdin 2, tty 3, stdout 4, stderr 5.
        AssertWire(
            new ExecRequest { ContainerId = "c", Cmd = { "sh" }, Tty = true, Stdin = true, Stdout = true },
            Message(String(1, "c"), String(2, "sh"), Bool(3, true), Bool(4, true), Bool(5, true)));
        AssertWire(
            new AttachRequest { ContainerId = "c", Stdin = true, Stdout = true, Stderr = true },
            Message(String(1, "c"), Bool(2, true), Bool(4, true), Bool(5, true)));
    }

    [Fact]
    public void Container_status_encodes_state_times_exit_code_reason_and_user()
    {
        var status = new ContainerStatus
        {
            Id = "c0ffee",
            Metadata = new ContainerMetadata { Name = "app" },
            State = ContainerState.ContainerExited,
            CreatedAt = 1_700_000_000_000_000_000,
            StartedAt = 1_700_000_001_000_000_000,
            FinishedAt = 1_700_000_060_000_000_000,
            ExitCode = 137,
            Image = new ImageSpec { Image = "busybox:1.36" },
            ImageRef = "docker.io/library/busybox@sha256:0a1b",
            Reason = "OOMKilled",
            LogPath = "/var/log/pods/default_web-0_5f0c/app/0.log",
            ImageId = "sha256:0a1b",
            User = new ContainerUser
            {
                Linux = new LinuxContainerUser { Uid = 1000, Gid = 1000, SupplementalGroups = { 1000, 2000 } },
            },
        };

        AssertWire(status, Message(
            String(1, "c0ffee"),
            Nested(2, String(1, "app")),
            Varint(3, 2),
            Varint(4, 1_700_000_000_000_000_000),
            Varint(5, 1_700_000_001_000_000_000),
            Varint(6, 1_700_000_060_000_000_000),
            Varint(7, 137),
            Nested(8, String(1, "busybox:1.36")),
            String(9, "docker.io/library/busybox@sha256:0a1b"),
            String(10, "OOMKilled"),
            String(15, "/var/log/pods/default_web-0_5f0c/app/0.log"),
            String(17, "sha256:0a1b"),
            Nested(18, Nested(1, Varint(1, 1000), Varint(2, 1000), Packed(3, 1000, 2000)))));
    }

    [Fact]
    public void Container_created_is_the_zero_state_and_is_not_written()
    {
        // proto3 leaves zero values out: a CREATED container's status carries no state field at all, and a reader
        // that finds none must take CONTAINER_CREATED, never "unknown".
        AssertWire(new ContainerStatus { Id = "c", State = ContainerState.ContainerCreated }, String(1, "c"));
        AssertWire(new ContainerStatus { Id = "c", State = ContainerState.ContainerUnknown }, Message(String(1, "c"), Varint(3, 3)));
    }

    [Fact]
    public void An_empty_runtime_config_response_means_the_systemd_cgroup_driver()
    {
        // SYSTEMD is the zero value: a runtime on cgroupfs must say CGROUPFS (1) explicitly.
        Assert.Equal(CgroupDriver.Systemd, RuntimeConfigResponse.Parser.ParseFrom(Nested(1)).Linux.CgroupDriver);
        AssertWire(
            new RuntimeConfigResponse { Linux = new LinuxRuntimeConfiguration { CgroupDriver = CgroupDriver.Cgroupfs } },
            Nested(1, Varint(1, 1)));
    }

    [Fact]
    public void A_container_event_carries_its_type_and_the_pod_and_container_statuses()
    {
        var response = new ContainerEventResponse
        {
            ContainerId = "c0ffee",
            ContainerEventType = ContainerEventType.ContainerStoppedEvent,
            CreatedAt = 1_700_000_060_000_000_000,
            PodSandboxStatus = new PodSandboxStatus { Id = "pod1", State = PodSandboxState.SandboxNotready },
            ContainersStatuses = { new ContainerStatus { Id = "c0ffee", State = ContainerState.ContainerExited } },
        };

        AssertWire(response, Message(
            String(1, "c0ffee"),
            Varint(2, 2),
            Varint(3, 1_700_000_060_000_000_000),
            Nested(4, String(1, "pod1"), Varint(3, 1)),
            Nested(5, String(1, "c0ffee"), Varint(3, 2))));
    }

    [Fact]
    public void Fields_from_a_newer_CRI_survive_a_parse_and_reencode()
    {
        // A newer kubelet may send fields this file does not know; a proxy must pass them on untouched.
        var bytes = Message(Nested(1, String(1, "app")), Varint(99, 15), String(100, "from the future"));

        var config = ContainerConfig.Parser.ParseFrom(bytes);

        Assert.Equal("app", config.Metadata.Name);
        Assert.Equal(bytes, config.ToByteArray());
    }

    static void AssertWire<T>(T message, byte[] expected) where T : IMessage<T>
    {
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(message.ToByteArray()));
        Assert.Equal(message, (T)message.Descriptor.Parser.ParseFrom(expected));
    }
}
