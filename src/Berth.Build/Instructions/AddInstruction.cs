// ADD [--chown] [--chmod] [--link] [--checksum] [--keep-git-dir] [--unpack] [--exclude] SRC... DEST: like COPY, but a
// source may be an http(s) URL or a Git repository, and local tar archives are unpacked.
using System.Text.RegularExpressions;

namespace Berth.Build;

public sealed partial record AddInstruction(
    IReadOnlyList<string> Sources,
    string Destination,
    IReadOnlyList<Heredoc> Heredocs,
    string? Chown,
    string? Chmod,
    bool Link,
    string? Checksum,
    bool KeepGitDir,
    bool? Unpack,
    IReadOnlyList<string> Excludes) : Instruction
{
    public override string Keyword => "ADD";

    /// <summary>How BuildKit reads an ADD source: Git (git://, ssh://, git@host:, github.com/, or an http(s) URL
    /// whose path ends in .git), a download (http:// or https://), or a path.</summary>
    public static SourceKind KindOf(string source)
    {
        if (source.StartsWith("git://", StringComparison.Ordinal) || source.StartsWith("ssh://", StringComparison.Ordinal)
            || source.StartsWith("github.com/", StringComparison.Ordinal) || ScpLike().IsMatch(source))
            return SourceKind.Git;
        if (!source.StartsWith("http://", StringComparison.Ordinal) && !source.StartsWith("https://", StringComparison.Ordinal))
            return SourceKind.Path;
        return Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.AbsolutePath.EndsWith(".git", StringComparison.Ordinal)
            ? SourceKind.Git
            : SourceKind.Url;
    }

    internal static AddInstruction Parse(InstructionRequest request)
    {
        TransferSources.RequireSourceAndDestination(request);
        var flags = request.Flags(("chown", FlagKind.String), ("chmod", FlagKind.String), ("link", FlagKind.Bool),
            ("checksum", FlagKind.String), ("keep-git-dir", FlagKind.Bool), ("unpack", FlagKind.Bool), ("exclude", FlagKind.Strings));
        var (sources, destination, heredocs) = TransferSources.Parse(request);
        return new AddInstruction(sources, destination, heredocs, flags.NonEmpty("chown"), flags.NonEmpty("chmod"),
            flags.Bool("link"), flags.NonEmpty("checksum"), flags.Bool("keep-git-dir"), flags.OptionalBool("unpack"),
            flags.Strings("exclude"))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var chmod = Chmod is null ? null : expander.Word(Chmod);
        TransferSources.CheckChmod(chmod);
        var sources = Sources.Select(expander.Word).ToList();
        var checksum = Checksum is null ? null : expander.Word(Checksum);
        if (checksum is not null)
            CheckChecksum(checksum, sources);
        return this with
        {
            Sources = sources,
            Destination = expander.Word(Destination),
            Heredocs = Heredocs.Select(h => TransferSources.Expand(h, expander)).ToList(),
            Chown = Chown is null ? null : expander.Word(Chown),
            Chmod = chmod,
            Checksum = checksum,
        };
    }

    // --checksum pins one download by its sha256, or one Git source by its commit.
    void CheckChecksum(string checksum, List<string> sources)
    {
        if (sources.Count != 1 || Heredocs.Count > 0)
            throw new SyntaxError("--checksum needs exactly one source: an http(s) URL or a Git repository");
        switch (KindOf(sources[0]))
        {
            case SourceKind.Url when !Sha256().IsMatch(checksum):
                throw new SyntaxError($"invalid checksum digest format {GoText.Quote(checksum)}: an http(s) source is checked with sha256: and 64 lowercase hex digits");
            case SourceKind.Git when !CommitHash().IsMatch(checksum):
                throw new SyntaxError($"invalid checksum {GoText.Quote(checksum)} for a Git source: give the full commit hash");
            case SourceKind.Path:
                throw new SyntaxError($"--checksum applies to an http(s) URL or a Git repository, not to the path {GoText.Quote(sources[0])}");
        }
    }

    // user@host:path, the scp-like form Git accepts for SSH.
    [GeneratedRegex("^[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+:")]
    private static partial Regex ScpLike();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^([a-f0-9]{40}|[a-f0-9]{64})$")]
    private static partial Regex CommitHash();
}
