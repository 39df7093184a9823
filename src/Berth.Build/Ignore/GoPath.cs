// Go's path.Clean for slash-separated paths: collapses "//", "/./" and "dir/..", keeps a leading "/" and leading
// "..", and turns "" into ".". .dockerignore patterns and the paths they are matched against are cleaned this way.
namespace Berth.Build;

internal static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
            return ".";
        var rooted = path[0] == '/';
        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment != "..")
                kept.Add(segment);
            else if (kept.Count > 0 && kept[^1] != "..")
                kept.RemoveAt(kept.Count - 1);
            else if (!rooted)
                kept.Add("..");
        }
        var cleaned = (rooted ? "/" : "") + string.Join('/', kept);
        return cleaned.Length == 0 ? "." : cleaned;
    }
}
