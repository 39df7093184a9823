// A root filesystem of Debian's static busybox and its applet links: the offline base for runtime tests.
namespace Berth.Runtime.Tests;

public static class BusyboxRootfs
{
    public static string Create(string directory)
    {
        const string busybox = "/bin/busybox";
        Assert.True(File.Exists(busybox), "/bin/busybox is missing: install the Debian package busybox-static (scripts/setup.sh does)");
        var bin = Directory.CreateDirectory(Path.Combine(directory, "bin")).FullName;
        File.Copy(busybox, Path.Combine(bin, "busybox"));
        foreach (var applet in new[] { "sh", "echo", "cat", "ls", "sleep", "id", "pwd", "env", "true", "false", "head", "dd", "yes",
                     "mkdir", "seq", "hostname", "readlink", "ip", "wget", "httpd", "timeout" })
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        foreach (var dir in new[] { "etc", "tmp", "proc", "sys", "dev", "root" }) Directory.CreateDirectory(Path.Combine(directory, dir));
        File.WriteAllText(Path.Combine(directory, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(directory, "etc", "group"), "root:x:0:\nnogroup:x:65534:\napp:x:1000:\nextra:x:2000:app\n");
        return directory;
    }
}
