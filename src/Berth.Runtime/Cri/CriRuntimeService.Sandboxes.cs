// RunPodSandbox, StopPodSandbox, RemovePodSandbox, PodSandboxStatus and ListPodSandbox, translated to SandboxManager
// (and ContainerManager for the pod's containers, which CRI has stop and remove with their sandbox).
using Berth.Cri.V1;
using Berth.Runtime.Containers;
using Berth.Runtime.Sandboxes;
using ContainerState = Berth.Runtime.Containers.ContainerState;

namespace Berth.Runtime.Cri;

public sealed partial class CriRuntimeService
{
    public Task<RunPodSandboxResponse> RunPodSandboxAsync(RunPodSandboxRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        CheckRuntimeHandler(request.RuntimeHandler);
        var sandbox = await _sandboxes.CreateAsync(SandboxTranslation.Config(request.Config), ct);
        return new RunPodSandboxResponse { PodSandboxId = sandbox.Id };
    });

    public Task<StopPodSandboxResponse> StopPodSandboxAsync(StopPodSandboxRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        if (await FindSandboxAsync(request.PodSandboxId, ct) is not { } sandbox) return new StopPodSandboxResponse();
        // CRI: stopping a sandbox forcibly stops its containers; the kubelet has already given them their grace period.
        foreach (var container in await ContainersOfAsync(sandbox.Id, ct))
            await _containers.StopAsync(container.Id, TimeSpan.Zero, ct);
        await _sandboxes.StopAsync(sandbox.Id, ct);
        return new StopPodSandboxResponse();
    });

    public Task<RemovePodSandboxResponse> RemovePodSandboxAsync(RemovePodSandboxRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        RequireId(request.PodSandboxId, "pod_sandbox_id");
        foreach (var container in await ContainersOfAsync(request.PodSandboxId, ct))
            await _containers.RemoveAsync(container.Id, force: true, ct);
        await _sandboxes.RemoveAsync(request.PodSandboxId, ct);
        return new RemovePodSandboxResponse();
    });

    public Task<PodSandboxStatusResponse> PodSandboxStatusAsync(PodSandboxStatusRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var sandbox = await FindSandboxAsync(request.PodSandboxId, ct)
            ?? throw CriErrors.NotFound($"pod sandbox \"{request.PodSandboxId}\" not found: list the node's sandboxes with ListPodSandbox");
        var response = new PodSandboxStatusResponse { Status = SandboxTranslation.Status(sandbox), Timestamp = CriTime.Now() };
        if (request.Verbose)
            response.Info.Add("info", System.Text.Json.JsonSerializer.Serialize(sandbox, RuntimeJsonContext.Default.Sandbox));
        return response;
    });

    public Task<ListPodSandboxResponse> ListPodSandboxAsync(ListPodSandboxRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var filter = request.Filter;
        var response = new ListPodSandboxResponse();
        foreach (var sandbox in await _sandboxes.ListAsync(ct))
        {
            var item = SandboxTranslation.Item(sandbox);
            if (filter is not null && (
                    (filter.Id.Length > 0 && !sandbox.Id.StartsWith(filter.Id, StringComparison.Ordinal)) ||
                    (filter.State is { } state && state.State != item.State) ||
                    !LabelSelector.Matches(sandbox.Config.Labels, filter.LabelSelector)))
                continue;
            response.Items.Add(item);
        }
        return response;
    });

    /// <summary>The sandbox, or null when there is none with that ID (which stop and remove treat as done).</summary>
    async Task<Sandbox?> FindSandboxAsync(string id, CancellationToken ct)
    {
        RequireId(id, "pod_sandbox_id");
        try { return await _sandboxes.StatusAsync(id, ct); }
        catch (KeyNotFoundException) { return null; }
    }

    async Task<IReadOnlyList<ContainerState>> ContainersOfAsync(string sandboxId, CancellationToken ct) =>
        (await _containers.ListAsync(ct)).Where(c => c.SandboxId == sandboxId).ToList();

    static void RequireId(string id, string field)
    {
        if (string.IsNullOrEmpty(id)) throw CriErrors.InvalidArgument($"{field} is empty: give the ID the create call returned");
    }

    static void CheckRuntimeHandler(string handler)
    {
        // berth has one handler (runc under conmon); RuntimeClasses naming another cannot be honoured.
        if (handler.Length > 0 && handler != "runc")
            throw CriErrors.InvalidArgument($"runtime handler \"{handler}\" is unknown: berth offers only the default handler (\"\" or \"runc\")");
    }
}
