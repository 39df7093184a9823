// Runs one CNI plugin binary the way the spec says: found by its "type" in the plugin directories, parameters in
// CNI_* environment variables, its network configuration on stdin, and a result or an error object on stdout.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Runtime.Network;

sealed class CniExec(IReadOnlyList<string> pluginDirectories, TimeSpan timeout)
{
    /// <summary>Runs ADD, CHECK or DEL; returns the plugin's result for ADD, null otherwise.</summary>
    public async Task<JsonObject?> RunAsync(string command, CniNetworkList network, JsonObject config, CniRuntimeConfig runtime, CancellationToken ct)
    {
        var type = config["type"]!.GetValue<string>();
        var binary = Find(type, network);
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = runtime.ContainerId;
        start.Environment["CNI_NETNS"] = runtime.NetworkNamespace;
        start.Environment["CNI_IFNAME"] = runtime.IfName;
        start.Environment["CNI_ARGS"] = string.Join(';', runtime.Args.Select(a => $"{a.Key}={a.Value}"));
        start.Environment["CNI_PATH"] = string.Join(':', pluginDirectories);

        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await WriteConfigAsync(process, config, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"CNI plugin \"{type}\" did not finish {command} on network \"{network.Name}\" within {timeout.TotalSeconds:0} s (killed)");
        }
        var output = await stdout;
        if (process.ExitCode != 0) throw Failure(type, command, network, output, (await stderr).Trim(), process.ExitCode);
        if (command != "ADD") return null;
        try
        {
            return JsonNode.Parse(output) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CniPluginException(type, command, network.Name, network.Source, 999, $"its result is not valid JSON ({e.Message}): {Clip(output)}", null);
        }
    }

    static async Task WriteConfigAsync(Process process, JsonObject config, CancellationToken ct)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(config.ToJsonString()), ct);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin exited without reading its configuration; its exit code and output say why.
        }
    }

    string Find(string type, CniNetworkList network)
    {
        if (type.Contains('/')) throw new InvalidDataException($"CNI plugin type \"{type}\" in {network.Source} must be a plain binary name, not a path");
        return pluginDirectories.Select(dir => Path.Combine(dir, type)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"CNI plugin \"{type}\" (network \"{network.Name}\", {network.Source}) is not in {string.Join(':', pluginDirectories)}: " +
                "install the Debian package containernetworking-plugins, or fix the plugin's \"type\"");
    }

    /// <summary>The spec's error object from stdout; a plugin that printed none still gets its stderr reported.</summary>
    static CniPluginException Failure(string type, string command, CniNetworkList network, string stdout, string stderr, int exitCode)
    {
        CniError? error = null;
        try { error = JsonSerializer.Deserialize(stdout, CniJsonContext.Default.CniError); }
        catch (JsonException) { }
        var msg = error?.Msg is { Length: > 0 } m ? m : stderr.Length > 0 ? Clip(stderr) : $"exited {exitCode} with no error message";
        return new CniPluginException(type, command, network.Name, network.Source, error?.Code ?? 999, msg, error?.Details);
    }

    static string Clip(string text) => text.Length <= 2000 ? text.Trim() : text[..2000] + "...";
}
