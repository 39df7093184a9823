// The CNI client against the real bridge, host-local and portmap plugins (and, where the protocol itself is under
// test, shell-script plugins that record what they were given): ADD, CHECK and DEL, the cache, and errors.
using System.Text.Json.Nodes;
using Berth.Runtime.Network;

namespace Berth.Runtime.Tests.Network;

[Collection(PodNetworkCollection.Name)]
public sealed class CniTests : IAsyncLifetime
{
    // Null until InitializeAsync has made them; DisposeAsync copes with a start that failed halfway.
    PodNetworkHost _host = null!;
    NetworkNamespace _ns = null!;

    public async Task InitializeAsync()
    {
        _host = await PodNetworkHost.StartAsync();
        _ns = await NetworkNamespace.CreateAsync(_host.RunDirectory, "cni-test");
    }

    CniRuntimeConfig Runtime(string id = "cnitest1") => new() { ContainerId = id, NetworkNamespace = _ns.Path };

    [Fact]
    public async Task Add_gives_eth0_an_ip_from_host_local_and_caches_the_result_and_del_releases_it_all_twice_over()
    {
        var result = await _host.Cni.AddAsync(_host.Network, Runtime(), CancellationToken.None);

        var ip = Assert.Single(result.Ips);
        Assert.True(System.Net.IPNetwork.Parse(PodNetworkHost.Subnet).Contains(System.Net.IPAddress.Parse(ip.Ip)), $"{ip.Address} is not in {PodNetworkHost.Subnet}");
        Assert.Equal("10.42.250.1", ip.Gateway);
        Assert.Contains(result.Interfaces, i => i.Name == "eth0" && i.Sandbox == _ns.Path);
        Assert.Contains(result.Interfaces, i => i.Name == PodNetworkHost.Bridge && i.Sandbox is null);
        Assert.Contains($"inet {ip.Address}", await HostTool.InNetnsAsync(_ns.Path, "ip", "-o", "addr", "show", "eth0"));
        Assert.Equal([ip.Ip], _host.Leases());
        Assert.Equal(ip.Address, (await _host.Cni.CachedResultAsync(_host.Network, Runtime(), CancellationToken.None))?.Ips.Single().Address);

        await _host.Cni.DelAsync(_host.Network, Runtime(), CancellationToken.None);
        Assert.Empty(_host.Leases());
        Assert.DoesNotContain("eth0", await HostTool.InNetnsAsync(_ns.Path, "ip", "-o", "link", "show"));
        Assert.Null(await _host.Cni.CachedResultAsync(_host.Network, Runtime(), CancellationToken.None));
        await _host.Cni.DelAsync(_host.Network, Runtime(), CancellationToken.None);
    }

    [Fact]
    public async Task Check_passes_on_a_healthy_attachment_and_names_the_bridge_plugin_once_eth0_has_changed()
    {
        await _host.Cni.AddAsync(_host.Network, Runtime(), CancellationToken.None);
        await _host.Cni.CheckAsync(_host.Network, Runtime(), CancellationToken.None);

        // A new MAC rather than a deleted eth0: bridge's DEL finds its masquerade rules through eth0's address.
        await HostTool.InNetnsAsync(_ns.Path, "ip", "link", "set", "eth0", "address", "02:42:0a:2a:fa:99");
        var error = await Assert.ThrowsAsync<CniPluginException>(() => _host.Cni.CheckAsync(_host.Network, Runtime(), CancellationToken.None));
        Assert.Equal(("bridge", "CHECK"), (error.Plugin, error.Command));
        Assert.Contains("CNI plugin \"bridge\" failed CHECK on network \"berthtest\"", error.Message);
        Assert.Contains("Mac", error.Message);

        await _host.Cni.DelAsync(_host.Network, Runtime(), CancellationToken.None);
        Assert.Empty(_host.Leases());
    }

    [Fact]
    public async Task Del_after_the_namespace_is_gone_still_releases_the_ip_lease()
    {
        // Without the namespace the bridge plugin cannot find the masquerade rules of the veth it made, which is
        // why sandboxes run DEL before they unpin; this list has no ipMasq so the test leaves no rule behind.
        var list = CniNetworkList.Parse(_host.Network.Json.Replace("\"ipMasq\": true", "\"ipMasq\": false"), "test list without ipMasq");
        var result = await _host.Cni.AddAsync(list, Runtime(), CancellationToken.None);
        Assert.Equal([result.Ips.Single().Ip], _host.Leases());

        _ns.Remove();
        await _host.Cni.DelAsync(list, Runtime(), CancellationToken.None);
        Assert.Empty(_host.Leases());
    }

    [Fact]
    public async Task Plugins_get_name_version_prevResult_runtimeConfig_and_cni_env_per_the_spec_as_recorded_by_script_plugins()
    {
        var record = Directory.CreateDirectory(Path.Combine(_host.Directory, "record")).FullName;
        var plugins = Directory.CreateDirectory(Path.Combine(_host.Directory, "plugins")).FullName;
        WriteRecordingPlugin(plugins, "first", record, "10.42.250.9");
        WriteRecordingPlugin(plugins, "second", record, "10.42.250.10");
        var list = CniNetworkList.Parse("""
            {"cniVersion": "1.0.0", "name": "recorded", "plugins": [
              {"type": "first", "capabilities": {"portMappings": true}, "own": {"kept": 1}},
              {"type": "second"}]}
            """, "recorded.conflist");
        var cni = new Cni(Path.Combine(_host.Directory, "recorded-cache"), [plugins]);
        var runtime = Runtime("rec1") with
        {
            Args = [new("IgnoreUnknown", "1"), new("K8S_POD_NAME", "web")],
            CapabilityArgs = new Dictionary<string, JsonNode> { ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 30080 }) },
        };

        var result = await cni.AddAsync(list, runtime, CancellationToken.None);
        await cni.DelAsync(list, runtime, CancellationToken.None);

        Assert.Equal("10.42.250.10/24", result.Ips.Single().Address);
        Assert.Equal(["ADD first", "ADD second", "DEL second", "DEL first"], File.ReadAllLines(Path.Combine(record, "order")));
        var firstAdd = Read(record, "ADD-first");
        Assert.Equal(("recorded", "1.0.0", 1), (Text(firstAdd, "name"), Text(firstAdd, "cniVersion"), firstAdd["own"]!["kept"]!.GetValue<int>()));
        Assert.Null(firstAdd["prevResult"]);
        Assert.Equal(30080, firstAdd["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        var secondAdd = Read(record, "ADD-second");
        Assert.Null(secondAdd["runtimeConfig"]);
        Assert.Equal("10.42.250.9/24", secondAdd["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("10.42.250.10/24", Read(record, "DEL-first")["prevResult"]!["ips"]![0]!["address"]!.GetValue<string>());
        var env = File.ReadAllLines(Path.Combine(record, "ADD-first.env"));
        Assert.Contains("CNI_COMMAND=ADD", env);
        Assert.Contains("CNI_CONTAINERID=rec1", env);
        Assert.Contains($"CNI_NETNS={_ns.Path}", env);
        Assert.Contains("CNI_IFNAME=eth0", env);
        Assert.Contains("CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAME=web", env);
        Assert.Contains($"CNI_PATH={plugins}", env);
    }

    [Fact]
    public async Task A_plugin_error_object_becomes_an_exception_with_the_plugin_code_message_and_where_to_fix_it()
    {
        var plugins = Directory.CreateDirectory(Path.Combine(_host.Directory, "plugins")).FullName;
        WritePlugin(plugins, "refuses", """echo '{"cniVersion":"1.0.0","code":7,"msg":"subnet overlaps","details":"10.42.250.0/24 is taken"}'; exit 1""");
        var list = CniNetworkList.Parse("""{"cniVersion": "1.0.0", "name": "refused", "plugins": [{"type": "refuses"}]}""", "/etc/cni/net.d/refused.conflist");

        var error = await Assert.ThrowsAsync<CniPluginException>(() => new Cni(Path.Combine(_host.Directory, "c"), [plugins]).AddAsync(list, Runtime(), CancellationToken.None));

        Assert.Equal(("refuses", "ADD", 7, "subnet overlaps", "10.42.250.0/24 is taken"), (error.Plugin, error.Command, error.Code, error.Msg, error.Details));
        Assert.Equal(
            "CNI plugin \"refuses\" failed ADD on network \"refused\" (from /etc/cni/net.d/refused.conflist): subnet overlaps (10.42.250.0/24 is taken) (code 7); " +
            "fix the \"refuses\" entry in /etc/cni/net.d/refused.conflist", error.Message);
    }

    [Fact]
    public async Task A_plugin_missing_from_the_plugin_dirs_fails_naming_it_and_the_debian_package()
    {
        var list = CniNetworkList.Parse("""{"cniVersion": "1.0.0", "name": "missing", "plugins": [{"type": "no-such-plugin"}]}""", "missing.conflist");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => _host.Cni.AddAsync(list, Runtime(), CancellationToken.None));

        Assert.Contains("CNI plugin \"no-such-plugin\"", error.Message);
        Assert.Contains("/usr/lib/cni", error.Message);
        Assert.Contains("containernetworking-plugins", error.Message);
    }

    [Fact]
    public void A_network_list_without_plugins_is_refused_with_what_to_write_instead()
    {
        var error = Assert.Throws<InvalidDataException>(() => CniNetworkList.Parse("""{"cniVersion": "1.0.0", "name": "old", "type": "bridge"}""", "old.conf"));
        Assert.Contains("old.conf has no \"plugins\" array", error.Message);
    }

    static void WriteRecordingPlugin(string plugins, string name, string record, string ip) => WritePlugin(plugins, name, $$"""
        cat > "{{record}}/$CNI_COMMAND-{{name}}.json"
        env | grep '^CNI_' | sort > "{{record}}/$CNI_COMMAND-{{name}}.env"
        echo "$CNI_COMMAND {{name}}" >> "{{record}}/order"
        if [ "$CNI_COMMAND" = ADD ]; then
          printf '{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"%s"}],"ips":[{"address":"{{ip}}/24","interface":0}]}' "$CNI_NETNS"
        fi
        """);

    static void WritePlugin(string plugins, string name, string script)
    {
        var path = Path.Combine(plugins, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static JsonNode Read(string record, string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(record, name + ".json")))!;

    static string? Text(JsonNode node, string key) => node[key]?.GetValue<string>();

    public async Task DisposeAsync()
    {
        if (_host is null) return;
        try
        {
            if (_ns is not null)
            {
                await _host.Cni.DelAsync(_host.Network, Runtime(), CancellationToken.None);
                _ns.Remove();
            }
        }
        finally
        {
            await _host.DisposeAsync();
        }
    }
}
