// The .dockerignore rules of a build context: the last pattern matching a path or one of its parents decides, and a
// "!" exception puts it back. As in Docker, ignoring the Dockerfile or .dockerignore only keeps them out of COPY.
namespace Berth.Build;

/// <summary>.dockerignore rules. Docker's rule for the build's own files holds: the Dockerfile and the .dockerignore
/// may be listed, which keeps them out of the context that COPY and ADD see, yet the builder still reads both.</summary>
public sealed class DockerIgnore
{
    DockerIgnore(IReadOnlyList<IgnorePattern> patterns) => Patterns = patterns;

    public static DockerIgnore None { get; } = new([]);

    public IReadOnlyList<IgnorePattern> Patterns { get; }

    /// <summary>Reads a .dockerignore: one pattern a line, "#" lines are comments, a leading "/" is dropped and paths
    /// are cleaned ("./a/../b" is "b"); errors are "file:line:1: reason".</summary>
    public static DockerIgnore Parse(string text, string fileName = ".dockerignore")
    {
        var patterns = new List<IgnorePattern>();
        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].TrimEnd('\r');
            // A comment is a "#" in the first column only; " # x" is a pattern.
            if (line.StartsWith('#'))
                continue;
            var pattern = line.Trim();
            if (pattern.Length == 0)
                continue;
            var isException = pattern[0] == '!';
            if (isException)
                pattern = pattern[1..].Trim();
            if (pattern.Length > 0)
            {
                pattern = GoPath.Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/')
                    pattern = pattern[1..];
            }
            try
            {
                patterns.Add(IgnorePattern.Create(isException ? "!" + pattern : pattern));
            }
            catch (SyntaxError e)
            {
                throw new DockerfileException(fileName, number, 1, e.Message);
            }
        }
        return new DockerIgnore(patterns);
    }

    /// <summary>The rules for a build: "&lt;Dockerfile&gt;.dockerignore" next to the Dockerfile when there is one (so
    /// app.Dockerfile can have app.Dockerfile.dockerignore), else .dockerignore at the context root, else none.</summary>
    public static DockerIgnore Load(string contextDirectory, string? dockerfilePath = null)
    {
        var candidates = new List<string>();
        if (dockerfilePath is not null)
            candidates.Add(dockerfilePath + ".dockerignore");
        candidates.Add(Path.Combine(contextDirectory, ".dockerignore"));
        var found = candidates.FirstOrDefault(File.Exists);
        return found is null ? None : Parse(File.ReadAllText(found), found);
    }

    /// <summary>Whether a path relative to the context root ("src/app.go", "/src/app.go") is left out.</summary>
    public bool IsIgnored(string relativePath)
    {
        var path = GoPath.Clean(relativePath).TrimStart('/');
        if (path is "" or ".")
            return false;
        var state = new bool[Patterns.Count];
        var end = path.IndexOf('/');
        while (true)
        {
            state = Match(end < 0 ? path : path[..end], state);
            if (end < 0)
                return Decide(state);
            end = path.IndexOf('/', end + 1);
        }
    }

    /// <summary>Every entry of the context that is not ignored, parents before children, in ordinal name order. An
    /// ignored directory is skipped whole unless an exception could match inside it; then its kept descendants are
    /// listed, each preceded by the directories that lead to it.</summary>
    public IEnumerable<ContextEntry> Walk(string contextDirectory)
    {
        var root = new DirectoryInfo(contextDirectory);
        if (!root.Exists)
            throw new DirectoryNotFoundException($"build context {contextDirectory} does not exist");
        return Walk(root, "", new bool[Patterns.Count], []);
    }

    IEnumerable<ContextEntry> Walk(DirectoryInfo directory, string prefix, bool[] parentState, List<ContextEntry> pending)
    {
        foreach (var info in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var entry = new ContextEntry(prefix + info.Name, info);
            var state = Match(entry.Path, parentState);
            var ignored = Decide(state);
            if (!ignored)
            {
                foreach (var parent in pending)
                    yield return parent;
                pending.Clear();
                yield return entry;
            }
            if (!entry.IsDirectory || (ignored && !CouldKeepBelow(entry.Path, state)))
                continue;
            if (ignored)
                pending.Add(entry);
            foreach (var child in Walk((DirectoryInfo)info, entry.Path + "/", state, pending))
                yield return child;
            if (ignored && pending.Count > 0 && pending[^1] == entry)
                pending.RemoveAt(pending.Count - 1);
        }
    }

    // Which patterns match the path itself or (from the parent's state) one of its parents.
    bool[] Match(string path, bool[] parentState)
    {
        var state = new bool[Patterns.Count];
        for (var i = 0; i < state.Length; i++)
            state[i] = parentState[i] || Patterns[i].Matches(path);
        return state;
    }

    // Last match wins; an exception is only weighed once something has matched, a pattern only while nothing has.
    bool Decide(bool[] state)
    {
        var ignored = false;
        for (var i = 0; i < state.Length; i++)
        {
            if (Patterns[i].IsException == ignored && state[i])
                ignored = !Patterns[i].IsException;
        }
        return ignored;
    }

    bool CouldKeepBelow(string directory, bool[] state)
    {
        var segments = directory.Split('/');
        for (var i = 0; i < state.Length; i++)
        {
            if (Patterns[i].IsException && !state[i] && Patterns[i].CouldMatchBelow(segments))
                return true;
        }
        return false;
    }
}
