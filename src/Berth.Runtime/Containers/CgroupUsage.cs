// A container's resource use read from its cgroup v1 hierarchies (the hosts Berth runs on are v1/hybrid):
// CPU time from cpuacct.usage, memory from memory.usage_in_bytes less the inactive page cache (the working set).
namespace Berth.Runtime.Containers;

public sealed record CgroupUsage(ulong CpuNanoseconds, ulong MemoryUsageBytes, ulong WorkingSetBytes)
{
    const string Root = "/sys/fs/cgroup";

    /// <summary>The usage of the cgroup at <paramref name="cgroupsPath"/> (as in the spec), or null once it is gone.</summary>
    public static CgroupUsage? Read(string cgroupsPath)
    {
        var relative = cgroupsPath.TrimStart('/');
        var cpu = ReadNumber(Path.Combine(Root, "cpuacct", relative, "cpuacct.usage"));
        var memory = ReadNumber(Path.Combine(Root, "memory", relative, "memory.usage_in_bytes"));
        if (cpu is null || memory is null) return null;
        var inactiveFile = ReadStat(Path.Combine(Root, "memory", relative, "memory.stat"), "total_inactive_file") ?? 0;
        // The kubelet evicts on the working set, which is what the kernel cannot simply drop: usage without the inactive cache.
        return new CgroupUsage(cpu.Value, memory.Value, memory.Value > inactiveFile ? memory.Value - inactiveFile : 0);
    }

    static ulong? ReadNumber(string path)
    {
        try { return ulong.Parse(File.ReadAllText(path).Trim()); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    static ulong? ReadStat(string path, string key)
    {
        try
        {
            return File.ReadLines(path).Select(l => l.Split(' ')).Where(f => f.Length == 2 && f[0] == key)
                .Select(f => (ulong?)ulong.Parse(f[1])).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
