// Where one container's files live: state, bundle and overlay dirs under the data dir; the runtime's state,
// exit files and attach sockets under the run dir (gone after a reboot, as the processes are).
namespace Berth.Runtime.Containers;

public sealed record ContainerPaths(string DataDirectory, string RunDirectory, string Id)
{
    public string Directory => Path.Combine(DataDirectory, "containers", Id);
    public string State => Path.Combine(Directory, "state.json");
    public string Bundle => Path.Combine(Directory, "bundle");
    public string Rootfs => Path.Combine(Bundle, "rootfs");
    public string Upper => Path.Combine(Directory, "upper");
    public string Work => Path.Combine(Directory, "work");
    public string Log => Path.Combine(Directory, "container.log");
    public string Persist => Path.Combine(Directory, "persist");
    public string Etc => Path.Combine(Directory, "etc");
    public string ExitDirectory => Path.Combine(RunDirectory, "exits");
    public string ExitFile => Path.Combine(ExitDirectory, Id);
    public string SocketDirectory => Path.Combine(RunDirectory, "sockets");
    public string RuntimeRoot => Path.Combine(RunDirectory, "runc");
    public string OomFile => Path.Combine(Persist, "oom");

    public ConmonPaths ForConmon() => new(Bundle, Log, ExitDirectory, Persist, SocketDirectory);
}
