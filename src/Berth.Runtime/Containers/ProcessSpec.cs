// The process a container runs, merged as Docker merges it: entrypoint and command, the image's environment
// overlaid by the user's, the working directory and the user.
using Berth.Oci;

namespace Berth.Runtime.Containers;

public static class ProcessSpec
{
    public static IReadOnlyList<string> Args(ContainerConfig? image, CreateOptions options)
    {
        IReadOnlyList<string> entrypoint = options.Entrypoint is { } e ? (e.Length == 0 ? [] : [e]) : image?.Entrypoint ?? [];
        // A new entrypoint drops the image's Cmd, as docker run --entrypoint does.
        var command = options.Command.Count > 0 ? options.Command : options.Entrypoint is null ? image?.Cmd ?? [] : [];
        return [.. entrypoint, .. command];
    }

    public static IReadOnlyList<string> Env(ContainerConfig? image, CreateOptions options, string hostname)
    {
        var env = new List<string> { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", $"HOSTNAME={hostname}" };
        foreach (var entry in (image?.Env ?? []).Concat(options.Env))
        {
            var key = entry.Split('=', 2)[0];
            env.RemoveAll(e => e.Split('=', 2)[0] == key);
            env.Add(entry);
        }
        return env;
    }
}
