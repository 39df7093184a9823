// Docker's syntax for `berth run -p` and `-v`, parsed into the runtime's port mappings and bind mounts.
using System.Net;
using Berth.Runtime.Network;
using Berth.Runtime.Oci;

namespace Berth.Cli;

static class RunOptions
{
    /// <summary>[HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|/udp]</summary>
    public static PortMapping ParsePort(string text)
    {
        var (spec, protocol) = text.Split('/') is [var s, var p] ? (s, p.ToLowerInvariant()) : (text, "tcp");
        var parts = spec.Split(':');
        var (hostIp, hostPort, containerPort) = parts switch
        {
            [var h, var c] => ("", h, c),
            [var ip, var h, var c] when IPAddress.TryParse(ip, out _) => (ip, h, c),
            _ => throw new FormatException($"invalid port \"{text}\": use [HOST_IP:]HOST_PORT:CONTAINER_PORT[/udp], e.g. 8080:80"),
        };
        if (!int.TryParse(hostPort, out var host) || !int.TryParse(containerPort, out var container) || protocol is not ("tcp" or "udp"))
            throw new FormatException($"invalid port \"{text}\": use [HOST_IP:]HOST_PORT:CONTAINER_PORT[/udp], e.g. 8080:80");
        var mapping = new PortMapping(host, container, protocol, hostIp);
        mapping.Validate();
        return mapping;
    }

    /// <summary>HOST_PATH:CONTAINER_PATH[:ro|rw]; the host path must exist (docker would create it; an error is clearer).</summary>
    public static SpecMount ParseVolume(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !parts[1].StartsWith('/') || (parts.Length == 3 && parts[2] is not ("ro" or "rw")))
            throw new FormatException($"invalid volume \"{text}\": use HOST_PATH:CONTAINER_PATH[:ro], e.g. ./data:/data:ro");
        var source = Path.GetFullPath(parts[0]);
        if (!Path.Exists(source)) throw new FileNotFoundException($"volume source {source} does not exist");
        var options = new List<string> { "rbind", "rprivate" };
        if (parts.Length == 3 && parts[2] == "ro") options.Add("ro");
        return new SpecMount { Destination = parts[1], Type = "bind", Source = source, Options = options };
    }
}
