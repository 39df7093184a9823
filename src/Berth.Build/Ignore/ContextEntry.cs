// A file, directory or symlink of the build context that .dockerignore lets through, by its path relative to the
// context root ("src/main.go"). Symlinks are entries in their own right and are never followed.
namespace Berth.Build;

public sealed record ContextEntry(string Path, FileSystemInfo Info)
{
    public bool IsDirectory => Info is DirectoryInfo && !Info.Attributes.HasFlag(FileAttributes.ReparsePoint);
}
