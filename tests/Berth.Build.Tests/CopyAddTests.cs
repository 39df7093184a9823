// COPY and ADD: sources and destination (shell words or JSON), globs kept as written, every flag, heredoc sources,
// and which ADD sources are downloads or Git repositories.
namespace Berth.Build.Tests;

public class CopyAddTests
{
    [Fact]
    public void Copy_sources_and_destination()
    {
        var copy = Df.Only<CopyInstruction>("COPY go.mod go.sum ./");
        Assert.Equal(["go.mod", "go.sum"], copy.Sources);
        Assert.Equal("./", copy.Destination);
        Assert.Equal((null, null, null, false, false), (copy.From, copy.Chown, copy.Chmod, copy.Link, copy.Parents));
        Assert.Empty(copy.Excludes);
    }

    [Fact]
    public void Copy_json_form_allows_spaces_in_paths() =>
        Assert.Equal(["my file.txt"], Df.Only<CopyInstruction>("COPY [\"my file.txt\", \"/dest dir/\"]").Sources);

    [Fact]
    public void Copy_globs_are_kept_as_written() =>
        Assert.Equal(["*.go", "cmd/**/main.go", "file?.[ch]"], Df.Only<CopyInstruction>("COPY *.go cmd/**/main.go file?.[ch] /src/").Sources);

    [Fact]
    public void Copy_flags()
    {
        var copy = Df.Only<CopyInstruction>("COPY --from=build --chown=app:app --chmod=0755 --link --parents --exclude=*.md --exclude=tests /out/ /app/");
        Assert.Equal(("build", "app:app", "0755", true, true), (copy.From, copy.Chown, copy.Chmod, copy.Link, copy.Parents));
        Assert.Equal(["*.md", "tests"], copy.Excludes);
    }

    [Theory]
    [InlineData("--link=false", false)]
    [InlineData("--link=TRUE", true)]
    [InlineData("--link", true)]
    public void Boolean_flags_take_true_false_or_nothing(string flag, bool link) =>
        Assert.Equal(link, Df.Only<CopyInstruction>($"COPY {flag} a b").Link);

    [Fact]
    public void Flag_values_may_be_quoted() =>
        Assert.Equal("a b:c", Df.Only<CopyInstruction>("COPY --chown=\"a b:c\" x y").Chown);

    [Fact]
    public void A_double_dash_ends_the_flags() =>
        Assert.Equal(["--weird-name"], Df.Only<CopyInstruction>("COPY -- --weird-name /dst").Sources);

    [Fact]
    public void Flags_come_only_before_the_arguments() =>
        Assert.Equal(["a", "--from=x"], Df.Only<CopyInstruction>("COPY a --from=x /dst").Sources);

    [Fact]
    public void Copy_heredoc_source_is_an_inline_file()
    {
        var copy = Df.Only<CopyInstruction>("COPY <<EOF /etc/motd\nhello $USER\nEOF");
        Assert.Empty(copy.Sources);
        var heredoc = Assert.Single(copy.Heredocs);
        Assert.Equal(("EOF", "hello $USER\n", true), (heredoc.Name, heredoc.Content, heredoc.Expand));
        Assert.Equal("/etc/motd", copy.Destination);
    }

    [Fact]
    public void Add_flags_and_sources()
    {
        var add = Df.Only<AddInstruction>(
            "ADD --chown=1000 --chmod=644 --link --keep-git-dir --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/");
        Assert.Equal(("1000", "644", true, true), (add.Chown, add.Chmod, add.Link, add.KeepGitDir));
        Assert.Equal("sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d", add.Checksum);
        Assert.Equal(["https://example.com/app.tar.gz"], add.Sources);
    }

    [Theory]
    [InlineData("https://example.com/app.tar.gz", SourceKind.Url)]
    [InlineData("http://example.com/file", SourceKind.Url)]
    [InlineData("https://github.com/moby/buildkit.git", SourceKind.Git)]
    [InlineData("https://github.com/moby/buildkit.git#v0.13.0", SourceKind.Git)]
    [InlineData("git@github.com:moby/buildkit.git", SourceKind.Git)]
    [InlineData("git://example.com/repo", SourceKind.Git)]
    [InlineData("ssh://git@example.com/repo.git", SourceKind.Git)]
    [InlineData("github.com/moby/buildkit", SourceKind.Git)]
    [InlineData("app.tar.gz", SourceKind.Path)]
    [InlineData("./https-notes.txt", SourceKind.Path)]
    public void Add_sources_are_paths_urls_or_git_repositories(string source, SourceKind kind) =>
        Assert.Equal(kind, AddInstruction.KindOf(source));

    [Fact]
    public void Copy_expansion_covers_sources_destination_chown_and_chmod_but_not_from_or_exclude()
    {
        var copy = Df.Only<CopyInstruction>("COPY --from=build --chown=${USER}:${USER} --chmod=$MODE --exclude=$SKIP $SRC/*.go ${DEST:-/app}/");
        var expanded = Df.Expander(("USER", "app"), ("MODE", "0644"), ("SKIP", "*_test.go"), ("SRC", "cmd")).Expand(copy);
        Assert.Equal(("build", "app:app", "0644", "cmd/*.go", "/app/"), (expanded.From, expanded.Chown, expanded.Chmod, expanded.Sources[0], expanded.Destination));
        Assert.Equal(["$SKIP"], expanded.Excludes);
    }

    [Theory]
    [InlineData("--unpack", true)]
    [InlineData("--unpack=false", false)]
    [InlineData("", null)]
    public void Add_unpack_is_true_false_or_left_to_the_source(string flag, bool? unpack) =>
        Assert.Equal(unpack, Df.Only<AddInstruction>($"ADD {flag} https://example.com/a.tar.gz /a/").Unpack);

    [Fact]
    public void Add_expansion_covers_the_checksum_of_a_download_or_a_git_commit()
    {
        var sum = "sha256:" + new string('a', 64);
        Assert.Equal(sum, Df.Expander(("SUM", sum)).Expand(Df.Only<AddInstruction>("ADD --checksum=$SUM https://example.com/x /x")).Checksum);
        var commit = new string('0', 40);
        Assert.Equal(commit, Df.Expander().Expand(Df.Only<AddInstruction>($"ADD --checksum={commit} git@github.com:a/b.git /src")).Checksum);
    }
}
