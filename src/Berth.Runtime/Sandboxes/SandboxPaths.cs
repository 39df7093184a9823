// Where one sandbox's files live: its state under the data dir; its pinned namespaces and shm under the run dir
// (a reboot ends the namespaces, so their pins go with the run dir, as the processes do).

namespace Berth.Runtime.Sandboxes;

public sealed record SandboxPaths(string DataDirectory, string RunDirectory, string Id)
{
    public string Directory => Path.Combine(DataDirectory, "sandboxes", Id);
    public string State => Path.Combine(Directory, "state.json");
    public string NetworkNamespace => Network.NetworkNamespace.At(RunDirectory, Id).Path;
    public string IpcNamespace => Path.Combine(RunDirectory, "ipcns", Id);
    public string UtsNamespace => Path.Combine(RunDirectory, "utsns", Id);
    public string RunFiles => Path.Combine(RunDirectory, "sandboxes", Id);
    public string Shm => Path.Combine(RunFiles, "shm");
}
