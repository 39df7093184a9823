// Resolves an image's or a user's USER ("app", "1000", "app:extra", "1000:2000") to uid, gid and supplementary
// groups from the container's own /etc/passwd and /etc/group, as Docker does.
using Berth.Runtime.Oci;

namespace Berth.Runtime.Containers;

public static class UserResolver
{
    public static SpecUser Resolve(string? user, string rootfs)
    {
        if (string.IsNullOrEmpty(user)) user = "0";
        var (userPart, groupPart) = user.IndexOf(':') is var colon and >= 0 ? (user[..colon], user[(colon + 1)..]) : (user, null);
        var passwd = ReadEntries(Path.Combine(rootfs, "etc", "passwd"));
        var groups = ReadEntries(Path.Combine(rootfs, "etc", "group"));

        string? name = null;
        uint uid, gid = 0;
        if (uint.TryParse(userPart, out uid))
        {
            var entry = passwd.FirstOrDefault(e => e.Length > 3 && e[2] == userPart);
            if (entry is not null) { name = entry[0]; gid = uint.Parse(entry[3]); }
        }
        else
        {
            var entry = passwd.FirstOrDefault(e => e.Length > 3 && e[0] == userPart)
                ?? throw new InvalidOperationException($"unable to find user {userPart}: no matching entries in the image's /etc/passwd");
            (name, uid, gid) = (entry[0], uint.Parse(entry[2]), uint.Parse(entry[3]));
        }
        if (groupPart is not null)
        {
            if (!uint.TryParse(groupPart, out gid))
            {
                var entry = groups.FirstOrDefault(e => e.Length > 2 && e[0] == groupPart)
                    ?? throw new InvalidOperationException($"unable to find group {groupPart}: no matching entries in the image's /etc/group");
                gid = uint.Parse(entry[2]);
            }
        }
        var additional = name is null ? [] : groups
            .Where(e => e.Length > 3 && e[3].Split(',').Contains(name) && uint.TryParse(e[2], out _))
            .Select(e => uint.Parse(e[2])).Where(g => g != gid).Distinct().ToList();
        return new SpecUser { Uid = uid, Gid = gid, AdditionalGids = additional.Count > 0 ? additional : null };
    }

    // A symlink here could point at the host's own files: such an image simply has no usable entries.
    static List<string[]> ReadEntries(string path) =>
        File.Exists(path) && new FileInfo(path).LinkTarget is null ? File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':')).ToList() : [];
}
