// Measures pod start with CNI networking: sandbox (pinned namespaces + bridge/host-local/portmap/loopback) and a
// busybox container in it under conmon + runc, until the container runs (and, to match the containerd figure in
// the host notes, until a `true` container has exited). Prints a markdown block for bench/RESULTS.md.
// Usage: dotnet run -c Release --project bench/Berth.Bench.Sandbox [ROUNDS]   (as root; about 15 s)
using System.Diagnostics;
using Berth.Bench.Sandbox;
using Berth.Runtime.Containers;
using Berth.Runtime.Network;
using Berth.Runtime.Sandboxes;

var rounds = args.Length > 0 ? int.Parse(args[0]) : 20;
const int warmup = 3;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

await using var host = await BenchHost.StartAsync(ct);
var load = Machine.LoadAverage();
var phases = new Dictionary<string, List<double>>
{
    ["sandbox ready (netns+ipc+uts pinned, CNI ADD)"] = [],
    ["container created (overlay, spec, conmon, runc create)"] = [],
    ["container started (runc start)"] = [],
    ["**pod start: sandbox → container running**"] = [],
    ["pod run: sandbox → `true` container exited"] = [],
    ["plain container, no pod (runc's own netns): create → running"] = [],
};
for (var round = -warmup; round < rounds; round++)
{
    ct.ThrowIfCancellationRequested();
    var total = Stopwatch.StartNew();
    var sandbox = await host.Sandboxes.CreateAsync(new SandboxConfig { Name = $"bench-{round + warmup}" }, ct);
    var sandboxReady = total.Elapsed.TotalMilliseconds;
    var container = await host.Containers.CreateAsync(new CreateOptions { Image = BenchHost.Busybox, Command = ["sleep", "60"], Sandbox = sandbox }, ct);
    var created = total.Elapsed.TotalMilliseconds;
    await host.Containers.StartAsync(container.Id, ct);
    var running = total.Elapsed.TotalMilliseconds;
    await host.Containers.RemoveAsync(container.Id, force: true, ct);

    var run = Stopwatch.StartNew();
    var shortLived = await host.Containers.CreateAsync(new CreateOptions { Image = BenchHost.Busybox, Command = ["true"], Sandbox = sandbox }, ct);
    await host.Containers.StartAsync(shortLived.Id, ct);
    using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
    {
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await host.Containers.WaitAsync(shortLived.Id, deadline.Token);
    }
    var podRun = sandboxReady + run.Elapsed.TotalMilliseconds;
    await host.Containers.RemoveAsync(shortLived.Id, force: true, ct);
    await host.Sandboxes.RemoveAsync(sandbox.Id, ct);

    var plain = Stopwatch.StartNew();
    var alone = await host.Containers.CreateAsync(new CreateOptions { Image = BenchHost.Busybox, Command = ["sleep", "60"] }, ct);
    await host.Containers.StartAsync(alone.Id, ct);
    var plainRunning = plain.Elapsed.TotalMilliseconds;
    await host.Containers.RemoveAsync(alone.Id, force: true, ct);

    Console.Error.WriteLine($"round {round}: sandbox {sandboxReady:0} ms, running {running:0} ms, exited {podRun:0} ms, plain {plainRunning:0} ms");
    if (round < 0) continue;
    var values = new[] { sandboxReady, created - sandboxReady, running - created, running, podRun, plainRunning };
    foreach (var (list, value) in phases.Values.Zip(values)) list.Add(value);
}

Console.WriteLine($"### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: pod start with CNI networking (bench/Berth.Bench.Sandbox)");
Console.WriteLine();
Console.WriteLine($"- machine: {Machine.Describe()}; load average {load} at start, {Machine.LoadAverage()} at end");
Console.WriteLine($"- versions: {Machine.Versions()}");
Console.WriteLine($"- {rounds} rounds after {warmup} warm-up rounds; each round a new sandbox (bridge `{BenchHost.Bridge}` already up, host-local on {BenchHost.Subnet}, portmap with no host ports, loopback beside it) and a busybox container joining it");
Console.WriteLine();
Console.WriteLine("| phase | median ms | p90 ms | min ms |");
Console.WriteLine("|---|--:|--:|--:|");
foreach (var (name, values) in phases)
    Console.WriteLine($"| {name} | {Percentile(values, 0.5):0.0} | {Percentile(values, 0.9):0.0} | {values.Min():0.0} |");
Console.WriteLine();
var median = Percentile(phases["**pod start: sandbox → container running**"], 0.5);
Console.WriteLine($"Target: pod start < 150 ms: {(median < 150 ? "met" : "NOT met")} ({median:0} ms). Peer (host notes, not re-measured: containerd is not installed here): containerd CRI RunPodSandbox → container exited (CNI bridge) ~235 ms.");
return 0;

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
