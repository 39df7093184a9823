// Walking a real temp-directory context through .dockerignore: ignored directories are skipped unless an exception
// could match inside, kept files bring their parents, order is stable, and symlinks are listed, not followed.
namespace Berth.Build.Tests;

public sealed class ContextWalkTests : IDisposable
{
    readonly DirectoryInfo context = Directory.CreateTempSubdirectory("berth-context-");

    public void Dispose() => context.Delete(recursive: true);

    void Files(params string[] paths)
    {
        foreach (var path in paths)
        {
            var full = Path.Combine(context.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, path);
        }
    }

    List<string> Walk(params string[] patterns) =>
        DockerIgnore.Parse(string.Join('\n', patterns)).Walk(context.FullName)
            .Select(e => e.IsDirectory ? e.Path + "/" : e.Path).ToList();

    [Fact]
    public void Without_rules_everything_is_listed_parents_first_in_ordinal_order()
    {
        Files("b.txt", "a/z.txt", "a/B.txt", "Dockerfile");
        Assert.Equal(["Dockerfile", "a/", "a/B.txt", "a/z.txt", "b.txt"], Walk());
    }

    [Fact]
    public void Ignored_files_and_directories_are_left_out()
    {
        Files("Dockerfile", ".git/HEAD", "node_modules/x/index.js", "src/app.js", "src/app.test.js", "README.md");
        Assert.Equal(["src/", "src/app.js"], Walk(".git", "node_modules", "**/*.test.js", "*.md", "Dockerfile"));
    }

    [Fact]
    public void An_exception_inside_an_ignored_directory_brings_back_the_file_and_its_parents()
    {
        Files("vendor/a/keep.txt", "vendor/a/drop.txt", "vendor/b/drop.txt", "main.go");
        Assert.Equal(["main.go", "vendor/", "vendor/a/", "vendor/a/keep.txt"], Walk("vendor", "!vendor/a/keep.txt"));
    }

    [Fact]
    public void Wildcard_exceptions_reach_into_ignored_directories()
    {
        Files("logs/app/today.log", "logs/app/keep.me", "logs/db/keep.me", "logs/db/x.log");
        Assert.Equal(["logs/", "logs/app/", "logs/app/keep.me", "logs/db/", "logs/db/keep.me"], Walk("logs", "!**/*.me"));
        Assert.Equal(["logs/", "logs/db/", "logs/db/keep.me"], Walk("logs", "!logs/d*/keep.*"));
    }

    [Fact]
    public void Everything_but_an_allow_list()
    {
        Files("go.mod", "go.sum", "cmd/app/main.go", "internal/x/x.go", "docs/a.md", "secrets/key");
        Assert.Equal(["cmd/", "cmd/app/", "cmd/app/main.go", "go.mod", "go.sum", "internal/", "internal/x/", "internal/x/x.go"],
            Walk("*", "!go.mod", "!go.sum", "!cmd", "!internal"));
    }

    [Fact]
    public void A_later_pattern_can_ignore_part_of_an_exception_again()
    {
        Files("src/a.go", "src/gen/b.go");
        Assert.Equal(["src/", "src/a.go"], Walk("*", "!src", "src/gen"));
    }

    [Fact]
    public void Symlinks_are_listed_and_not_followed()
    {
        Files("real/file.txt");
        Directory.CreateSymbolicLink(Path.Combine(context.FullName, "link"), Path.Combine(context.FullName, "real"));
        var entries = DockerIgnore.None.Walk(context.FullName).ToList();
        Assert.Equal(["link", "real", "real/file.txt"], entries.Select(e => e.Path));
        Assert.False(entries[0].IsDirectory);
    }

    [Fact]
    public void A_missing_context_is_an_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => DockerIgnore.None.Walk(Path.Combine(context.FullName, "nope")).ToList());

    // The walk relies on this to skip an ignored directory without reading it.
    [Theory]
    [InlineData("vendor/a/keep.txt", "vendor", true)]
    [InlineData("vendor/a/keep.txt", "vendor/a", true)]
    [InlineData("vendor/a/keep.txt", "vendor/b", false)]
    [InlineData("vendor/a/keep.txt", "vendor/a/keep.txt", false)]
    [InlineData("vendor/*/keep.txt", "vendor/zz", true)]
    [InlineData("v?ndor/a", "vendor", true)]
    [InlineData("docs", "vendor", false)]
    [InlineData("**/keep.txt", "anything/deep", true)]
    [InlineData("vendor**", "vendor", true)]
    public void An_exception_could_match_below_a_directory_only_when_its_segments_allow(string pattern, string directory, bool could) =>
        Assert.Equal(could, DockerIgnore.Parse("!" + pattern).Patterns[0].CouldMatchBelow(directory.Split('/')));
}
