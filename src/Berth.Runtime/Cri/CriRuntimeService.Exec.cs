// ExecSync runs a command in a container and returns its captured output; Exec, Attach and PortForward only hand
// out a streaming-server URL in CRI, and that server is the kubelet's, which berth does not serve yet.
using Berth.Cri;
using Berth.Cri.V1;

namespace Berth.Runtime.Cri;

public sealed partial class CriRuntimeService
{
    /// <summary>Each stream is cut here, as containerd and CRI-O do since CVE-2022-1708 (a chatty probe filled memory).</summary>
    const int MaxExecSyncOutputBytes = 16 * 1024 * 1024;

    public Task<ExecSyncResponse> ExecSyncAsync(ExecSyncRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        if (request.Cmd.Count == 0) throw CriErrors.InvalidArgument("ExecSync has no cmd: give the command and its arguments");
        var container = await GetContainerAsync(request.ContainerId, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (request.Timeout > 0) deadline.CancelAfter(TimeSpan.FromSeconds(request.Timeout));
        try
        {
            var (exitCode, stdout, stderr) = await _containers.ExecCapturedAsync(container.Id, [.. request.Cmd], MaxExecSyncOutputBytes, deadline.Token);
            return new ExecSyncResponse
            {
                ExitCode = exitCode, Stdout = Google.Protobuf.ByteString.CopyFrom(stdout), Stderr = Google.Protobuf.ByteString.CopyFrom(stderr),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CriException(CriStatusCode.DeadlineExceeded,
                $"command {string.Join(' ', request.Cmd)} in container {container.Id} timed out after {request.Timeout}s and was killed");
        }
    });

    public Task<ExecResponse> ExecAsync(ExecRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("Exec", StreamingServerMissing);

    public Task<AttachResponse> AttachAsync(AttachRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("Attach", StreamingServerMissing);

    public Task<PortForwardResponse> PortForwardAsync(PortForwardRequest request, CancellationToken ct) =>
        throw CriErrors.Unimplemented("PortForward", StreamingServerMissing);

    const string StreamingServerMissing =
        "streaming (exec, attach, port-forward) is served by the kubelet's streaming server, which is not built yet; use ExecSync for commands that need no terminal";
}
