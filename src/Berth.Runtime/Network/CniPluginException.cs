// A CNI plugin's failure: the spec's error object ({"code", "msg", "details"}) with the plugin, the command and
// the network it ran for, so the message says which plugin entry of which network list to look at.
namespace Berth.Runtime.Network;

public sealed class CniPluginException(string plugin, string command, string network, string source, int code, string msg, string? details)
    : Exception(Describe(plugin, command, network, source, code, msg, details))
{
    public string Plugin => plugin;
    public string Command => command;
    public string Network => network;
    /// <summary>The spec's error code: 1-99 are the spec's own (7 = invalid network config, 11 = try again later).</summary>
    public int Code => code;
    public string Msg => msg;
    public string? Details => details;

    static string Describe(string plugin, string command, string network, string source, int code, string msg, string? details)
    {
        var what = $"CNI plugin \"{plugin}\" failed {command} on network \"{network}\" (from {source})";
        var why = string.IsNullOrEmpty(details) ? msg : $"{msg} ({details})";
        var hint = code switch
        {
            1 => $"; the plugin does not support the list's cniVersion: change \"cniVersion\" in {source} or update the plugin",
            4 or 6 or 7 => $"; fix the \"{plugin}\" entry in {source}",
            11 => "; try again later",
            _ => "",
        };
        return $"{what}: {why} (code {code}){hint}";
    }
}
