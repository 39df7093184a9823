// ListPodSandbox and ListContainers filters (id, state, pod, labels), and the status codes a kubelet relies on:
// NOT_FOUND for unknown IDs and images, ALREADY_EXISTS for a taken name, UNIMPLEMENTED with a reason, idempotent stops.
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Runtime.Tests.Network;

namespace Berth.Runtime.Tests.Cri;

[Collection(PodNetworkCollection.Name)]
public sealed class CriListAndErrorTests : IAsyncLifetime
{
    CriNode _node = null!;

    public async Task InitializeAsync() => _node = await CriNode.StartAsync();

    [Fact]
    public async Task List_filters_select_sandboxes_and_containers_by_id_state_pod_and_labels()
    {
        var front = CriNode.PodConfig("front", new Dictionary<string, string> { ["tier"] = "front" });
        var back = CriNode.PodConfig("back", new Dictionary<string, string> { ["tier"] = "back" });
        var frontId = await _node.RunPodAsync(front);
        var backId = await _node.RunPodAsync(back);
        var a = await _node.CreateAsync(frontId, front, "a", "true", labels: new Dictionary<string, string> { ["role"] = "main" });
        var b = await _node.CreateAsync(frontId, front, "b", "true", labels: new Dictionary<string, string> { ["role"] = "side" });
        var c = await _node.CreateAsync(backId, back, "c", "true", labels: new Dictionary<string, string> { ["role"] = "main" });
        await _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = c }, CancellationToken.None);
        await _node.WaitForStateAsync(c, ContainerState.ContainerExited);
        await _node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = backId }, CancellationToken.None);

        async Task<IEnumerable<string>> Pods(PodSandboxFilter filter) =>
            (await _node.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, CancellationToken.None)).Items.Select(i => i.Id).Order();
        async Task<IEnumerable<string>> Containers(ContainerFilter filter) =>
            (await _node.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, CancellationToken.None)).Containers.Select(i => i.Id).Order();

        Assert.Equal(new[] { frontId, backId }.Order(), await Pods(new PodSandboxFilter()));
        Assert.Equal([frontId], await Pods(new PodSandboxFilter { LabelSelector = { ["tier"] = "front" } }));
        Assert.Equal([backId], await Pods(new PodSandboxFilter { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } }));
        Assert.Equal([backId], await Pods(new PodSandboxFilter { Id = backId }));
        Assert.Empty(await Pods(new PodSandboxFilter { Id = frontId, LabelSelector = { ["tier"] = "back" } }));

        Assert.Equal(new[] { a, b }.Order(), await Containers(new ContainerFilter { PodSandboxId = frontId }));
        Assert.Equal(new[] { a, c }.Order(), await Containers(new ContainerFilter { LabelSelector = { ["role"] = "main" } }));
        Assert.Equal([c], await Containers(new ContainerFilter { State = new ContainerStateValue { State = ContainerState.ContainerExited } }));
        Assert.Equal([b], await Containers(new ContainerFilter { Id = b }));
        var listed = (await _node.Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = a } }, CancellationToken.None)).Containers.Single();
        Assert.Equal((frontId, "a", "main", ContainerState.ContainerCreated), (listed.PodSandboxId, listed.Metadata.Name, listed.Labels["role"], listed.State));
    }

    [Fact]
    public async Task Unknown_ids_and_images_are_NotFound_and_stopping_or_removing_them_succeeds()
    {
        const string unknown = "0000000000000000000000000000000000000000000000000000000000000000";
        var pod = CriNode.PodConfig("errors");
        var podId = await _node.RunPodAsync(pod);

        await AssertCode(CriStatusCode.NotFound, () => _node.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = unknown }, CancellationToken.None));
        await AssertCode(CriStatusCode.NotFound, () => _node.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = unknown }, CancellationToken.None));
        await AssertCode(CriStatusCode.NotFound, () => _node.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = unknown }, CancellationToken.None));
        await AssertCode(CriStatusCode.NotFound, () => _node.Runtime.CreateContainerAsync(new CreateContainerRequest
        {
            PodSandboxId = podId, Config = new ContainerConfig { Metadata = new ContainerMetadata { Name = "x" }, Image = new ImageSpec { Image = "localhost/absent:1" } },
        }, CancellationToken.None));
        await AssertCode(CriStatusCode.NotFound, () => _node.CreateAsync(unknown, pod, "x", "true"));
        await _node.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = unknown, Timeout = 1 }, CancellationToken.None);
        await _node.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = unknown }, CancellationToken.None);
        await _node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = unknown }, CancellationToken.None);
        await _node.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = unknown }, CancellationToken.None);
    }

    [Fact]
    public async Task A_taken_pod_attempt_or_container_name_is_AlreadyExists_and_a_bad_request_InvalidArgument()
    {
        var pod = CriNode.PodConfig("taken");
        var podId = await _node.RunPodAsync(pod);
        await _node.CreateAsync(podId, pod, "app", "true");

        await AssertCode(CriStatusCode.AlreadyExists, () => _node.RunPodAsync(CriNode.PodConfig("taken")));
        // The kubelet replaces a dead sandbox with the next attempt while the old one still waits for removal.
        var nextAttempt = CriNode.PodConfig("taken");
        nextAttempt.Metadata.Attempt = 1;
        Assert.NotEqual(podId, await _node.RunPodAsync(nextAttempt));
        await AssertCode(CriStatusCode.AlreadyExists, () => _node.CreateAsync(podId, pod, "app", "true"));
        await AssertCode(CriStatusCode.InvalidArgument, () => _node.RunPodAsync(new PodSandboxConfig()));
        await AssertCode(CriStatusCode.InvalidArgument, () => _node.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest(), CancellationToken.None));
        await AssertCode(CriStatusCode.InvalidArgument, () => _node.CreateAsync(podId, pod, "logs", "true", "app/0.log"));
    }

    [Fact]
    public async Task Host_network_pods_streaming_and_checkpoints_are_Unimplemented_with_a_reason()
    {
        var hostNetwork = CriNode.PodConfig("hostnet");
        hostNetwork.Linux.SecurityContext.NamespaceOptions.Network = NamespaceMode.Node;

        var error = await AssertCode(CriStatusCode.Unimplemented, () => _node.RunPodAsync(hostNetwork));
        Assert.Contains("hostNetwork", error.Message);
        Assert.Contains("streaming server", (await AssertCode(CriStatusCode.Unimplemented,
            () => _node.Runtime.ExecAsync(new ExecRequest { ContainerId = "x", Cmd = { "sh" } }, CancellationToken.None))).Message);
        await AssertCode(CriStatusCode.Unimplemented, () => _node.Runtime.AttachAsync(new AttachRequest(), CancellationToken.None));
        await AssertCode(CriStatusCode.Unimplemented, () => _node.Runtime.PortForwardAsync(new PortForwardRequest(), CancellationToken.None));
        await AssertCode(CriStatusCode.Unimplemented, () => _node.Runtime.CheckpointContainerAsync(new CheckpointContainerRequest(), CancellationToken.None));
        Assert.Empty((await _node.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Status_reports_runtime_and_network_ready_and_Version_names_berth_and_CRI_v1()
    {
        var status = await _node.Runtime.StatusAsync(new StatusRequest(), CancellationToken.None);
        var version = await _node.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, CancellationToken.None);

        Assert.Equal(
            [("RuntimeReady", true), ("NetworkReady", true)],
            status.Status.Conditions.Select(c => (c.Type, c.Status)));
        Assert.Equal(("berth", "v1", "0.1.0"), (version.RuntimeName, version.RuntimeApiVersion, version.Version));
        Assert.Matches(@"^\d+\.\d+\.\d+$", version.RuntimeVersion);
    }

    static async Task<CriException> AssertCode(CriStatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<CriException>(call);
        Assert.True(error.StatusCode == code, $"expected {code}, got {error.StatusCode}: {error.Message}");
        Assert.NotEmpty(error.Message);
        return error;
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}
