// `berth run` and friends as a docker user drives them: real runc and conmon, an image imported offline.
namespace Berth.E2E.Tests;

public sealed class RunCommandTests : IAsyncLifetime
{
    readonly BerthHost _berth = new();

    public Task InitializeAsync() => _berth.InitializeAsync();
    public Task DisposeAsync() => _berth.DisposeAsync();

    [Fact]
    public async Task Run_streams_stdout_and_stderr_and_returns_the_exit_code_and_rm_leaves_nothing()
    {
        var result = await _berth.RunAsync("run", "--rm", BerthHost.Busybox, "sh", "-c", "echo out; echo err >&2; exit 7");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\n", result.Output);
        Assert.Contains("err\n", result.Error);
        Assert.DoesNotContain("Exited", (await _berth.RunAsync("ps", "-a")).Output);
        Assert.Equal(0, _berth.Mounts());
    }

    [Fact]
    public async Task Env_user_and_workdir_options_apply_and_user_names_resolve_from_the_image()
    {
        var result = await _berth.RunAsync("run", "--rm", "-e", "GREETING=hello", "-u", "app", "-w", "/tmp", BerthHost.Busybox,
            "sh", "-c", "echo $GREETING; id -u; id -G; pwd");
        result.Check("berth run");
        Assert.Equal("hello\n1000\n1000 10\n/tmp\n", result.Output);
    }

    [Fact]
    public async Task A_command_missing_from_the_image_exits_127_with_one_clear_line_and_no_leftovers()
    {
        var result = await _berth.RunAsync("run", "--name", "missing", BerthHost.Busybox, "no-such-command");
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("no-such-command: command not found", result.Error);
        Assert.DoesNotContain("missing", (await _berth.RunAsync("ps", "-a")).Output);
        Assert.Equal(0, _berth.Mounts());
    }

    [Fact]
    public async Task Memory_limit_kills_a_hungry_process_and_ps_reports_OOMKilled()
    {
        var result = await _berth.RunAsync("run", "--name", "hungry", "-m", "16m", BerthHost.Busybox, "sh", "-c", "s=a; while true; do s=\"$s$s\"; done");
        Assert.Equal(137, result.ExitCode);
        Assert.Contains("out of memory", result.Error);
        Assert.Contains("(OOMKilled)", (await _berth.RunAsync("ps", "-a")).Output);
    }

    [Theory]
    [InlineData("-m", "12q", "invalid memory value \"12q\"")]
    [InlineData("-m", "1k", "too small")]
    public async Task Invalid_options_get_one_line_and_exit_125(string option, string value, string message)
    {
        var result = await _berth.RunAsync("run", option, value, BerthHost.Busybox, "true");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Unknown_local_image_lists_what_the_store_has_and_run_says_when_it_cannot_pull()
    {
        var tag = await _berth.RunAsync("tag", "nope:1.0", "other:1.0");
        Assert.Equal(125, tag.ExitCode);
        Assert.Contains($"image \"nope:1.0\" is not in the local store (it has: {BerthHost.Busybox})", tag.Error);

        // Only a loopback address: tests never reach for a registry outside this machine.
        var run = await _berth.RunAsync("run", "127.0.0.1:1/nope:1.0", "true");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains("cannot reach registry 127.0.0.1:1", run.Error);
    }

    [Fact]
    public async Task Detached_container_shows_in_ps_logs_stops_with_SIGKILL_after_grace_and_name_stays_taken_until_rm()
    {
        var id = (await _berth.RunAsync("run", "-d", "--name", "web", BerthHost.Busybox, "sh", "-c", "echo started; exec sleep 60")).Check("run -d").Output.Trim();
        Assert.Equal(64, id.Length);
        Assert.Contains("Up", (await _berth.RunAsync("ps")).Output);
        var taken = await _berth.RunAsync("run", "-d", "--name", "web", BerthHost.Busybox, "true");
        Assert.Equal(125, taken.ExitCode);
        Assert.Contains("already in use", taken.Error);
        Assert.Contains("started", (await WaitForLogAsync("web", "started")).Output);

        (await _berth.RunAsync("stop", "-t", "1", "web")).Check("stop");
        Assert.Contains("Exited (137)", (await _berth.RunAsync("ps", "-a")).Output);
        (await _berth.RunAsync("rm", "web")).Check("rm");
        (await _berth.RunAsync("run", "--rm", "--name", "web", BerthHost.Busybox, "true")).Check("the name is free again");
        Assert.Equal(0, _berth.Mounts());
    }

    [Fact]
    public async Task A_detached_container_outlives_the_berth_that_started_it_and_later_commands_see_its_exit_code()
    {
        (await _berth.RunAsync("run", "-d", "--name", "later", BerthHost.Busybox, "sh", "-c", "sleep 3; exit 4")).Check("run -d");
        Assert.Contains("Up", (await _berth.RunAsync("ps")).Output);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(await _berth.RunAsync("ps", "-a")).Output.Contains("Exited (4)")) await Task.Delay(100);
        Assert.Contains("Exited (4)", (await _berth.RunAsync("ps", "-a")).Output);
    }

    [Fact]
    public async Task Published_port_reaches_a_server_serving_a_read_only_volume_and_rm_releases_ip_and_rules()
    {
        var www = Directory.CreateDirectory(Path.Combine(_berth.Data, "www")).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "index.html"), "hello from a volume\n");
        var port = new RegistryProcess(www).Port;
        (await _berth.RunAsync("run", "-d", "--name", "web", "-p", $"127.0.0.1:{port}:80", "-v", $"{www}:/www:ro", BerthHost.Busybox,
            "httpd", "-f", "-p", "80", "-h", "/www")).Check("run -d -p -v");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        for (var i = 0; i < 100 && body is null; i++)
        {
            try { body = await http.GetStringAsync($"http://127.0.0.1:{port}/index.html"); }
            catch (HttpRequestException) { await Task.Delay(50); }
        }
        Assert.Equal("hello from a volume\n", body);
        Assert.NotEqual(0, (await _berth.RunAsync("exec", "web", "sh", "-c", "echo x > /www/new")).ExitCode);

        (await _berth.RunAsync("rm", "-f", "web")).Check("rm -f");
        var rules = (await Tool.RunAsync("iptables-save", [])).Check("iptables-save").Output;
        Assert.DoesNotContain($"--dport {port}", rules);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_berth.Run, "cni", "networks"), "10.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Containers_get_a_pod_ip_by_default_and_only_loopback_with_network_none()
    {
        var bridged = (await _berth.RunAsync("run", "--rm", BerthHost.Busybox, "ip", "-4", "-o", "addr", "show", "eth0")).Check("run");
        Assert.Contains($"inet {_berth.PodCidr[..^5]}", bridged.Output);
        var none = (await _berth.RunAsync("run", "--rm", "--network", "none", BerthHost.Busybox, "ip", "-o", "link")).Check("run --network none");
        Assert.DoesNotContain("eth0", none.Output);
        Assert.Contains("lo", none.Output);
    }

    [Fact]
    public async Task Rm_refuses_a_running_container_without_force()
    {
        (await _berth.RunAsync("run", "-d", "--name", "busy", BerthHost.Busybox, "sleep", "60")).Check("run -d");
        var refused = await _berth.RunAsync("rm", "busy");
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("is running", refused.Error);
        (await _berth.RunAsync("rm", "-f", "busy")).Check("rm -f");
        Assert.Equal(0, _berth.Mounts());
    }

    [Fact]
    public async Task Exec_runs_in_the_container_with_its_env_and_propagates_exit_codes_stdin_and_a_tty()
    {
        (await _berth.RunAsync("run", "-d", "--name", "target", "-e", "FROM_RUN=yes", BerthHost.Busybox, "sleep", "60")).Check("run -d");
        var exec = await _berth.RunAsync("exec", "target", "sh", "-c", "echo $FROM_RUN; hostname; exit 3");
        Assert.Equal(3, exec.ExitCode);
        Assert.StartsWith("yes\n", exec.Output);
        Assert.Equal("1000\n", (await _berth.RunAsync("exec", "-u", "app", "target", "id", "-u")).Check("exec -u").Output);
        var stdin = await Tool.RunAsync(Tool.Berth(), ["--data-dir", _berth.Data, "--run-dir", _berth.Run, "exec", "-i", "target", "cat"], stdin: "piped\n");
        Assert.Equal("piped\n", stdin.Check("exec -i").Output);
        Assert.Equal(127, (await _berth.RunAsync("exec", "target", "no-such-command")).ExitCode);

        var berth = $"{Tool.Berth()} --data-dir {_berth.Data} --run-dir {_berth.Run} exec -it target sh -c tty";
        var tty = (await Tool.RunAsync("script", ["-qec", berth, "/dev/null"])).Check("exec -it under script");
        Assert.Contains("/dev/pts/", tty.Output);
    }

    [Fact]
    public async Task Inspect_shows_a_containers_state_and_an_images_config_as_json()
    {
        Assert.Equal(9, (await _berth.RunAsync("run", "--name", "seen", BerthHost.Busybox, "sh", "-c", "exit 9")).ExitCode);
        var inspected = System.Text.Json.JsonDocument.Parse((await _berth.RunAsync("inspect", "seen", BerthHost.Busybox)).Check("inspect").Output).RootElement;
        var state = inspected[0].GetProperty("State");
        Assert.Equal("exited", state.GetProperty("Status").GetString());
        Assert.Equal(9, state.GetProperty("ExitCode").GetInt32());
        Assert.Equal("seen", inspected[0].GetProperty("Name").GetString());
        Assert.Equal("/bin/sh", inspected[1].GetProperty("Config").GetProperty("config").GetProperty("Cmd")[0].GetString());
        Assert.Equal(125, (await _berth.RunAsync("inspect", "nothing-by-this-name")).ExitCode);
    }

    [Fact]
    public async Task Exec_into_a_stopped_container_says_it_is_not_running()
    {
        (await _berth.RunAsync("run", "--name", "done", BerthHost.Busybox, "true")).Check("run");
        var exec = await _berth.RunAsync("exec", "done", "true");
        Assert.Equal(125, exec.ExitCode);
        Assert.Contains("container done is not running (exited)", exec.Error);
    }

    async Task<ToolResult> WaitForLogAsync(string container, string text)
    {
        for (var i = 0; i < 200; i++)
        {
            var logs = await _berth.RunAsync("logs", container);
            if (logs.Output.Contains(text)) return logs;
            await Task.Delay(25);
        }
        throw new TimeoutException($"\"{text}\" did not appear in the logs of {container}");
    }
}
