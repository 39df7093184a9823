// `berth run/ps/logs/stop/rm`: docker-like, daemonless container commands on the local runtime.
using System.CommandLine;
using Berth.Runtime.Containers;
using Berth.Runtime.Sandboxes;

namespace Berth.Cli;

static class ContainerCommands
{
    public static IEnumerable<Command> Create() => [Run(), Exec(), Ps(), Logs(), Stop(), Remove()];

    static Command Run()
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and print the container ID" };
        var remove = new Option<bool>("--rm") { Description = "Remove the container when it exits" };
        var name = new Option<string?>("--name") { Description = "Name the container" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable (K=V)", AllowMultipleArgumentsPerToken = false };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory limit (e.g. 64m)" };
        var cpus = new Option<double?>("--cpus") { Description = "CPU limit in cores (e.g. 0.5)" };
        var pids = new Option<long?>("--pids-limit") { Description = "Maximum number of processes" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var user = new Option<string?>("--user", "-u") { Description = "User (name|uid[:group|gid])" };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Override the image's entrypoint" };
        var readOnly = new Option<bool>("--read-only") { Description = "Mount the root filesystem read-only" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Publish a port: [HOST_IP:]HOST_PORT:CONTAINER_PORT[/udp]" };
        var volume = new Option<string[]>("--volume", "-v") { Description = "Bind mount: HOST_PATH:CONTAINER_PATH[:ro]" };
        var network = new Option<string>("--network") { Description = "bridge (a pod IP on the container network) or none (loopback only)", DefaultValueFactory = _ => "bridge" };
        network.AcceptOnlyFromAmong("bridge", "none");
        var image = new Argument<string>("image") { Description = "Image to run (NAME:VERSION)" };
        var command = new Argument<string[]>("command") { Description = "Command and arguments (default: the image's)", Arity = ArgumentArity.ZeroOrMore };
        var run = new Command("run", "Run a command in a new container")
        {
            detach, remove, name, env, memory, cpus, pids, workdir, user, entrypoint, readOnly, publish, volume, network, image, command,
        };
        run.TreatUnmatchedTokensAsErrors = true;
        run.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            var options = new CreateOptions
            {
                Image = Cli.ParseImage(parse.GetValue(image)!),
                Name = parse.GetValue(name),
                Command = parse.GetValue(command) ?? [],
                Entrypoint = parse.GetValue(entrypoint),
                Env = parse.GetValue(env) ?? [],
                WorkingDir = parse.GetValue(workdir),
                User = parse.GetValue(user),
                MemoryLimitBytes = parse.GetValue(memory) is { } m ? Cli.ParseMemory(m) : null,
                Cpus = parse.GetValue(cpus),
                PidsLimit = parse.GetValue(pids),
                ReadonlyRootfs = parse.GetValue(readOnly),
                AutoRemove = parse.GetValue(remove),
                Mounts = (parse.GetValue(volume) ?? []).Select(RunOptions.ParseVolume).ToList(),
            };
            var ports = (parse.GetValue(publish) ?? []).Select(RunOptions.ParsePort).ToList();
            if (ports.Count > 0 && parse.GetValue(network) == "none") throw new ArgumentException("-p needs a network: drop --network none");
            if (await host.Images.FindAsync(options.Image, ct) is null) await TransferCommands.PullAsync(parse, host.Images, options.Image, ct);
            var sandboxes = await host.SandboxesAsync(ct);
            var sandbox = await sandboxes.CreateAsync(new SandboxConfig
            {
                // Unique even when the container name is taken, so the container's own check gives the error.
                Name = $"{options.Name ?? "run"}-{Guid.NewGuid():N}"[..Math.Min(63, (options.Name ?? "run").Length + 9)], Namespace = Host.RunNamespace,
                PortMappings = ports, Network = parse.GetValue(network) == "bridge",
            }, ct);
            ContainerState container;
            try { container = await host.Containers.CreateAsync(options with { Sandbox = sandbox }, ct); }
            catch (Exception e)
            {
                await sandboxes.RemoveAsync(sandbox.Id, CancellationToken.None);
                if (e is not InvalidOperationException || !(e.Message.Contains("executable file not found") || e.Message.Contains("no such file or directory"))) throw;
                Console.Error.WriteLine($"berth: {Args(options)}: command not found in {options.Image.Familiar} ({e.Message})");
                return 127;
            }
            await host.Containers.StartAsync(container.Id, ct);
            if (parse.GetValue(detach))
            {
                Console.WriteLine(container.Id);
                return 0;
            }
            var exited = host.Containers.WaitAsync(container.Id, ct);
            await CriLog.CopyAsync(host.Containers.LogPath(container.Id), exited, null, ct);
            var state = await exited;
            if (options.AutoRemove) await host.RemoveContainerAsync(state, force: false, CancellationToken.None);
            if (state.OomKilled) Console.Error.WriteLine($"berth: container {state.Name} was killed: out of memory (limit {parse.GetValue(memory)})");
            return state.ExitCode ?? 1;
        });
        return run;
    }

    static Command Exec()
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep stdin open" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a terminal" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set an environment variable (K=V)" };
        var user = new Option<string?>("--user", "-u") { Description = "User (name|uid[:group|gid])" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var container = new Argument<string>("container");
        var command = new Argument<string[]>("command") { Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "Run a command in a running container") { interactive, tty, env, user, workdir, container, command };
        exec.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(command)!;
            var code = await Host.From(parse).Containers.ExecAsync(parse.GetValue(container)!, args, parse.GetValue(tty),
                parse.GetValue(env) ?? [], parse.GetValue(user), parse.GetValue(workdir), ct);
            // runc says 255 when it could not start the process; docker users expect 127 for a missing command.
            return code == 255 ? 127 : code;
        });
        return exec;
    }

    static string Args(CreateOptions options) => options.Command.Count > 0 ? string.Join(' ', options.Command) : options.Entrypoint ?? "the image's command";

    static Command Ps()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default: running)" };
        var ps = new Command("ps", "List containers") { all };
        ps.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            await host.RemoveOrphanedRunSandboxesAsync(ct);
            var containers = (await host.Containers.ListAsync(ct))
                .Where(c => parse.GetValue(all) || c.Status == ContainerStatus.Running);
            Cli.Table(["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES"], containers.Select(c => new[]
            {
                c.Id[..12], c.Image, $"\"{Truncate(string.Join(' ', c.Command), 20)}\"", Cli.Ago(c.Created), Status(c), c.Name,
            }));
            return 0;
        });
        return ps;
    }

    static Command Logs()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow the log output" };
        var tail = new Option<int?>("--tail", "-n") { Description = "Show only the last N lines" };
        var container = new Argument<string>("container");
        var logs = new Command("logs", "Show a container's output") { follow, tail, container };
        logs.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            var state = await host.Containers.InspectAsync(parse.GetValue(container)!, ct);
            var until = parse.GetValue(follow) && state.Status != ContainerStatus.Exited ? host.Containers.WaitAsync(state.Id, ct) : null;
            await CriLog.CopyAsync(host.Containers.LogPath(state.Id), until, parse.GetValue(tail), ct);
            return 0;
        });
        return logs;
    }

    static Command Stop()
    {
        var time = new Option<int>("--time", "-t") { Description = "Seconds to wait before killing", DefaultValueFactory = _ => 10 };
        var containers = new Argument<string[]>("containers") { Arity = ArgumentArity.OneOrMore };
        var stop = new Command("stop", "Stop running containers (stop signal, then SIGKILL)") { time, containers };
        stop.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            foreach (var name in parse.GetValue(containers)!)
            {
                var state = await host.Containers.InspectAsync(name, ct);
                await host.Containers.StopAsync(state.Id, TimeSpan.FromSeconds(parse.GetValue(time)), ct);
                Console.WriteLine(name);
            }
            return 0;
        });
        return stop;
    }

    static Command Remove()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Kill and remove a running container" };
        var containers = new Argument<string[]>("containers") { Arity = ArgumentArity.OneOrMore };
        var rm = new Command("rm", "Remove containers") { force, containers };
        rm.SetAction(async (parse, ct) =>
        {
            var host = Host.From(parse);
            foreach (var name in parse.GetValue(containers)!)
            {
                await host.RemoveContainerAsync(await host.Containers.InspectAsync(name, ct), parse.GetValue(force), ct);
                Console.WriteLine(name);
            }
            return 0;
        });
        return rm;
    }

    static string Status(ContainerState c) => c.Status switch
    {
        ContainerStatus.Running => $"Up {Cli.Ago(c.Started ?? c.Created).Replace(" ago", "")}",
        ContainerStatus.Exited => $"Exited ({c.ExitCode}) {Cli.Ago(c.Finished ?? c.Created)}{(c.OomKilled ? " (OOMKilled)" : "")}",
        _ => "Created",
    };

    static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
