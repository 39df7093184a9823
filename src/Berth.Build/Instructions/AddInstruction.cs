// ADD [--chown] [--chmod] [--link] [--checksum=sha256:...] [--keep-git-dir] [--exclude] SRC... DEST: like COPY, but
// a source may be an http(s) URL or a Git repository, and local tar archives are unpacked.
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
            ("checksum", FlagKind.String), ("keep-git-dir", FlagKind.Bool), ("exclude", FlagKind.Strings));
        var (sources, destination, heredocs) = TransferSources.Parse(request);
        return new AddInstruction(sources, destination, heredocs, flags.NonEmpty("chown"), flags.NonEmpty("chmod"),
            flags.Bool("link"), flags.NonEmpty("checksum"), flags.Bool("keep-git-dir"), flags.Strings("exclude"))
        {
            Location = request.Location,
            Source = request.Source,
        };
    }

    protected override Instruction ExpandCore(Expander expander)
    {
        var chmod = Chmod is null ? null : expander.Word(Chmod);
        TransferSources.CheckChmod(chmod);
        var checksum = Checksum is null ? null : expander.Word(Checksum);
        if (checksum is not null && !DigestPattern().IsMatch(checksum))
            throw new SyntaxError($"invalid checksum digest format {GoText.Quote(checksum)}: write sha256: and 64 lowercase hex digits (or sha384, sha512)");
        return this with
        {
            Sources = Sources.Select(expander.Word).ToList(),
            Destination = expander.Word(Destination),
            Heredocs = Heredocs.Select(h => TransferSources.Expand(h, expander)).ToList(),
            Chown = Chown is null ? null : expander.Word(Chown),
            Chmod = chmod,
            Checksum = checksum,
            Excludes = Excludes.Select(expander.Word).ToList(),
        };
    }

    // user@host:path, the scp-like form Git accepts for SSH.
    [GeneratedRegex("^[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+:")]
    private static partial Regex ScpLike();

    [GeneratedRegex("^(sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$")]
    private static partial Regex DigestPattern();
}
