// A target directory with a sentinel directory beside it, for hostile layers: whatever a layer does, the sentinel,
// the sandbox around the target and a uniquely named path in /tmp must look exactly as they did before.
namespace Berth.Oci.Tests.Support;

sealed class Sandbox : IDisposable
{
    readonly TempDir _dir = new();
    readonly List<string> _sentinelBefore;
    readonly List<string> _sandboxBefore;

    public Sandbox()
    {
        Target = _dir.Make("target");
        Sentinel = _dir.Make("sentinel");
        File.WriteAllText(Path.Combine(Sentinel, "keep"), "precious");
        Directory.CreateDirectory(Path.Combine(Sentinel, "sub"));
        File.WriteAllText(Path.Combine(Sentinel, "sub", "deep"), "also precious");
        File.SetLastWriteTimeUtc(Sentinel, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        EscapeName = $"berth-escape-{Guid.NewGuid():N}";
        _sentinelBefore = TreeSnapshot.Of(Sentinel);
        _sandboxBefore = Describe(_dir.Path);
    }

    public string Target { get; }
    public string Sentinel { get; }
    /// <summary>A name no test creates in /tmp; a layer that escaped would create /tmp/&lt;name&gt;.</summary>
    public string EscapeName { get; }
    public string EscapePath => Path.Combine("/tmp", EscapeName);

    public void AssertNothingOutsideTouched()
    {
        Assert.Equal(_sentinelBefore, TreeSnapshot.Of(Sentinel));
        Assert.Equal(_sandboxBefore, Describe(_dir.Path));
        Assert.False(Path.Exists(EscapePath), $"{EscapePath} was created outside the target");
    }

    /// <summary>The sandbox's own entries (target and sentinel) with their metadata, not their contents.</summary>
    static List<string> Describe(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal)
            .Select(p => $"{Path.GetFileName(p)} {File.GetUnixFileMode(p)} {(p.EndsWith("sentinel") ? Directory.GetLastWriteTimeUtc(p).Ticks : 0)}")
            .ToList();

    public void Dispose() => _dir.Dispose();
}
