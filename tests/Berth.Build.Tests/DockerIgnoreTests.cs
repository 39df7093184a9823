// .dockerignore matching held against moby/patternmatcher's own tables (single patterns, several patterns with
// exceptions, filepath.Match's syntax cases) and ignorefile's reading rules (comments, "/" and "!" handling).
namespace Berth.Build.Tests;

public class DockerIgnoreTests
{
    static DockerIgnore Rules(params string[] patterns) => DockerIgnore.Parse(string.Join('\n', patterns));

    // pattern, path, ignored (a parent directory matching counts, as MatchesOrParentMatches does)
    public static TheoryData<string, string, bool> Single => new()
    {
        { "**", "file", true },
        { "**", "file/", true },
        { "**/", "file", true },
        { "**", "dir/file", true },
        { "**/**", "dir/file", true },
        { "dir/**", "dir/file", true },
        { "dir/**", "dir/dir2/file", true },
        { "**/dir", "dir", true },
        { "**/dir", "dir/file", true },
        { "**/dir2/*", "dir/dir2/file", true },
        { "**/dir2/*", "dir/dir2/file/", true },
        { "**/dir2/**", "dir/dir2/dir3/file", true },
        { "**file", "file", true },
        { "**file", "dir/file", true },
        { "**/file", "dir/file", true },
        { "**file", "dir/dir/file", true },
        { "**/file*", "dir/dir/file.txt", true },
        { "**/file*txt", "dir/dir/file.txt", true },
        { "**/file*.txt*", "dir/dir/file.txt", true },
        { "**/**/*.txt", "dir/dir/file.txt", true },
        { "**/**/*.txt2", "dir/dir/file.txt", false },
        { "**/*.txt", "file.txt", true },
        { "**/**/*.txt", "file.txt", true },
        { "a**/*.txt", "a/file.txt", true },
        { "a**/*.txt", "a/dir/file.txt", true },
        { "a**/*.txt", "a/dir/dir/file.txt", true },
        { "a/*.txt", "a/dir/file.txt", false },
        { "a/*.txt", "a/file.txt", true },
        { "a/*.txt**", "a/file.txt", true },
        { "a[b-d]e", "ae", false },
        { "a[b-d]e", "ace", true },
        { "a[b-d]e", "aae", false },
        { "a[^b-d]e", "aze", true },
        { ".*", ".foo", true },
        { ".*", "foo", false },
        { "abc.def", "abcdef", false },
        { "abc.def", "abc.def", true },
        { "abc.def", "abcZdef", false },
        { "abc?def", "abcZdef", true },
        { "abc?def", "abcdef", false },
        { "**/foo/bar", "foo/bar", true },
        { "**/foo/bar", "dir/foo/bar", true },
        { "**/foo/bar", "dir/dir2/foo/bar", true },
        { "abc/**", "abc", false },
        { "abc/**", "abc/def", true },
        { "abc/**", "abc/def/ghi", true },
        { "**/.foo", ".foo", true },
        { "**/.foo", "bar.foo", false },
        { "a(b)c/def", "a(b)c/def", true },
        { "a(b)c/def", "a(b)c/xyz", false },
        { "a.|)$(}+{bc", "a.|)$(}+{bc", true },
        { "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true },
        { "dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true },
        { "a\\\\", "a\\", true },
        { "a\\*b", "a*b", true },
        { "a\\*b", "ab", false },
        // filepath.Match's own cases
        { "abc", "abc", true },
        { "*", "abc", true },
        { "*c", "abc", true },
        { "a*", "a", true },
        { "a*", "ab/c", true },
        { "a*/b", "abc/b", true },
        { "a*/b", "a/c/b", false },
        { "a*b*c*d*e*/f", "axbxcxdxe/f", true },
        { "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false },
        { "a*b?c*x", "abxbbxdbxebxczzx", true },
        { "a*b?c*x", "abxbbxdbxebxczzy", false },
        { "ab[^e-g]", "abc", true },
        { "a?b", "a☺b", true },
        { "a[^a]b", "a☺b", true },
        { "a???b", "a☺b", false },
        { "[a-ζ]*", "α", true },
        { "*[a-ζ]", "A", false },
        { "a?b", "a/b", false },
        { "a*b", "a/b", false },
        { "[\\]a]", "]", true },
        { "[\\-]", "-", true },
        { "[x\\-]", "x", true },
        { "[x\\-]", "z", false },
        { "[\\-x]", "-", true },
        { "*x", "xxx", true },
        // Docker's documented examples
        { "*/temp*", "somedir/temporary.txt", true },
        { "*/temp*", "temp", false },
        { "*/*/temp*", "somedir/subdir/temporary.txt", true },
        { "temp?", "tempa", true },
        { "/temp", "temp/file", true },
        { "./src/../build", "build/out.o", true },
        { "docs/", "docs/README.md", true },
    };

    [Theory]
    [MemberData(nameof(Single))]
    public void A_single_pattern_matches_like_patternmatcher(string pattern, string path, bool ignored) =>
        Assert.Equal(ignored, Rules(pattern).IsIgnored(path));

    public static TheoryData<string[], string, bool> Several => new()
    {
        { ["**", "!util/docker/web"], "util/docker/web/foo", false },
        { ["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true },
        { ["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
        { ["!fileutils.go", "*.go"], "fileutils.go", true },
        { ["*.go", "!fileutils.go"], "fileutils.go", false },
        { ["docs", "!docs/README.md"], "docs/README.md", false },
        { ["docs/*", "!docs/README.md"], "docs/README.md", false },
        { ["docs", "!docs/README.md"], "docs/other.md", true },
        { ["*.md", "!README*.md", "README-secret.md"], "README-secret.md", true },
        { ["*.md", "!README*.md", "README-secret.md"], "README-public.md", false },
        { ["*.md", "README-secret.md", "!README*.md"], "README-secret.md", false },
    };

    [Theory]
    [MemberData(nameof(Several))]
    public void The_last_matching_pattern_decides(string[] patterns, string path, bool ignored) =>
        Assert.Equal(ignored, Rules(patterns).IsIgnored(path));

    [Fact]
    public void The_context_root_itself_is_never_ignored()
    {
        Assert.False(Rules("*").IsIgnored("."));
        Assert.False(Rules("**").IsIgnored(""));
    }

    [Fact]
    public void Paths_are_cleaned_before_matching()
    {
        var rules = Rules("build");
        Assert.True(rules.IsIgnored("./build/x"));
        Assert.True(rules.IsIgnored("/build"));
        Assert.True(rules.IsIgnored("src/../build//y"));
        Assert.False(rules.IsIgnored("src/build"));
    }

    [Fact]
    public void Reading_skips_comments_and_blank_lines_and_normalises_patterns()
    {
        var rules = DockerIgnore.Parse("\uFEFFtest1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\r\n  spaced  \n # not a comment\nx/./y/../z/\n");
        Assert.Equal(["test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "spaced", "# not a comment", "x/z"],
            rules.Patterns.Select(p => p.ToString()));
        Assert.True(rules.Patterns[4].IsException);
        Assert.Equal("inverted/abs/path", rules.Patterns[4].Pattern);
    }

    [Fact]
    public void Ignoring_the_dockerfile_and_dockerignore_is_allowed()
    {
        var rules = Rules("Dockerfile", ".dockerignore");
        Assert.True(rules.IsIgnored("Dockerfile"));
        Assert.True(rules.IsIgnored(".dockerignore"));
    }

    [Theory]
    [InlineData("ok\n!\n", ".dockerignore:2:1: illegal exclusion pattern: \"!\" (write !PATH to bring a path back)")]
    [InlineData("[", ".dockerignore:1:1: syntax error in pattern \"[\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("a[", ".dockerignore:1:1: syntax error in pattern \"a[\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("[^bc", ".dockerignore:1:1: syntax error in pattern \"[^bc\": a [character class] is not closed with ]")]
    [InlineData("[]a]", ".dockerignore:1:1: syntax error in pattern \"[]a]\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("[-]", ".dockerignore:1:1: syntax error in pattern \"[-]\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("[x-]", ".dockerignore:1:1: syntax error in pattern \"[x-]\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("[a-b-c]", ".dockerignore:1:1: syntax error in pattern \"[a-b-c]\": a [character class] is empty, unclosed or starts a range with - or ]")]
    [InlineData("\n\nab\\", ".dockerignore:3:1: syntax error in pattern \"ab\\\\\": it ends with an unescaped \\")]
    public void Malformed_patterns_are_rejected_at_their_line(string text, string message) =>
        Assert.Equal(message, Assert.Throws<DockerfileException>(() => DockerIgnore.Parse(text)).Message);

    [Fact]
    public void A_dockerfile_specific_ignore_file_wins_over_the_context_one()
    {
        var context = Directory.CreateTempSubdirectory("berth-ignore-");
        try
        {
            File.WriteAllText(Path.Combine(context.FullName, ".dockerignore"), "root-rule\n");
            var dockerfile = Path.Combine(context.FullName, "app.Dockerfile");
            Assert.Equal("root-rule", DockerIgnore.Load(context.FullName, dockerfile).Patterns[0].Pattern);
            File.WriteAllText(dockerfile + ".dockerignore", "app-rule\n");
            Assert.Equal("app-rule", DockerIgnore.Load(context.FullName, dockerfile).Patterns[0].Pattern);
            Assert.Equal("root-rule", DockerIgnore.Load(context.FullName).Patterns[0].Pattern);
            File.WriteAllText(dockerfile + ".dockerignore", "[");
            Assert.StartsWith(dockerfile + ".dockerignore:1:1: ", Assert.Throws<DockerfileException>(() => DockerIgnore.Load(context.FullName, dockerfile)).Message);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_context_without_an_ignore_file_ignores_nothing()
    {
        var context = Directory.CreateTempSubdirectory("berth-ignore-");
        try
        {
            Assert.Same(DockerIgnore.None, DockerIgnore.Load(context.FullName));
            Assert.False(DockerIgnore.None.IsIgnored("anything"));
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }
}
