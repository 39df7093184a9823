// An image reference as people type it ("busybox", "localhost:5000/team/app:1.2", "app@sha256:…"), read and
// normalised as Docker does (distribution/reference), and the name and tag checks the registry applies to its routes.
using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Berth.Oci;

public sealed record ImageReference
{
    const string DockerHub = "docker.io";
    const string LegacyDockerHub = "index.docker.io";
    const string OfficialPrefix = "library/";
    const string DefaultTag = "latest";
    const int NameMaxLength = 255;
    const int TagMaxLength = 128;

    /// <summary>The registry host with its port, if any: "docker.io", "localhost:5000", "[::1]:5000".</summary>
    public string Registry { get; }

    /// <summary>The repository path in that registry: "library/busybox", "team/app".</summary>
    public string Repository { get; }

    /// <summary>The tag; "latest" when neither a tag nor a digest was given, null for a digest-only reference.</summary>
    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>No tag and no digest were given, so the tag is "latest" by default (the CLI warns about it).</summary>
    public bool TagWasImplicit { get; }

    ImageReference(string registry, string repository, string? tag, Digest? digest, bool tagWasImplicit) =>
        (Registry, Repository, Tag, Digest, TagWasImplicit) = (registry, repository, tag, digest, tagWasImplicit);

    /// <summary>Registry and repository: "docker.io/library/busybox".</summary>
    public string FullName => $"{Registry}/{Repository}";

    /// <summary>The short form Docker prints: "busybox:latest", "team/app:1.0", "localhost:5000/app:1.0".</summary>
    public string Familiar => WithTagAndDigest(FamiliarName);

    /// <summary>The canonical form: "docker.io/library/busybox:latest", "localhost:5000/app:1.0@sha256:…".</summary>
    public override string ToString() => WithTagAndDigest(FullName);

    // "busybox" and "docker.io/library/busybox:latest" name the same image; only the warning differs.
    public bool Equals(ImageReference? other) =>
        other is not null && Registry == other.Registry && Repository == other.Repository && Tag == other.Tag && Digest == other.Digest;

    public override int GetHashCode() => HashCode.Combine(Registry, Repository, Tag, Digest);

    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Read(text, out var reference) is { } reason ? throw new InvalidReferenceException(text, reason) : reference!;
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageReference? reference)
    {
        reference = null;
        return text is not null && Read(text, out reference) is null;
    }

    /// <summary>The same repository at <paramref name="tag"/>; a pinned digest is kept, as Docker does.</summary>
    public ImageReference WithTag(string tag) =>
        TagError(tag) is { } reason
            ? throw new InvalidReferenceException($"{FullName}:{tag}", reason)
            : new(Registry, Repository, tag, Digest, tagWasImplicit: false);

    /// <summary>The same repository pinned to <paramref name="digest"/>; a tag that was typed is kept, a defaulted one dropped.</summary>
    public ImageReference WithDigest(Digest digest)
    {
        if (digest.Algorithm is null) throw new ArgumentException("digest is empty", nameof(digest));
        return new(Registry, Repository, TagWasImplicit ? null : Tag, digest, tagWasImplicit: false);
    }

    /// <summary>
    /// The distribution spec's &lt;name&gt;: <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*</c>,
    /// at most 255 characters as distribution's registry enforces. Linear time, no allocation.
    /// </summary>
    public static bool IsValidRepositoryName(string? name) =>
        name is { Length: > 0 and <= NameMaxLength } && RepositoryError(name) is null;

    /// <summary>The distribution spec's &lt;reference&gt; as a tag: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>. Linear time.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && TagError(tag) is null;

    string WithTagAndDigest(string name) => name + (Tag is null ? "" : $":{Tag}") + (Digest is { } digest ? $"@{digest}" : "");

    string FamiliarName
    {
        get
        {
            if (Registry != DockerHub) return FullName;
            // Docker hides the official "library/" namespace, but only when nothing nests below it.
            var official = Repository.StartsWith(OfficialPrefix, StringComparison.Ordinal)
                && Repository.IndexOf('/', OfficialPrefix.Length) < 0;
            return official ? Repository[OfficialPrefix.Length..] : Repository;
        }
    }

    /// <summary>Reads <paramref name="text"/>; returns why it is invalid, or null with the reference set.</summary>
    static string? Read(string text, out ImageReference? reference)
    {
        reference = null;
        if (text.Length == 0) return "reference is empty";
        if (text.Length == 64 && IsHex(text)) return "a 64-character hex string is an image ID, not a repository name";

        // Neither a name nor a tag may contain '@', and a name has no ':' after its registry, so the first '@'
        // starts the digest and the first ':' after the registry starts the tag.
        var at = text.IndexOf('@');
        var name = at < 0 ? text : text[..at];
        var slash = name.IndexOf('/');
        string registry, rest;
        if (slash >= 0 && IsRegistry(name.AsSpan(0, slash)))
        {
            (registry, rest) = (name[..slash], name[(slash + 1)..]);
            if (RegistryError(registry) is { } registryError) return registryError;
        }
        else (registry, rest) = (DockerHub, name);

        var colon = rest.IndexOf(':');
        var repository = colon < 0 ? rest : rest[..colon];
        var tag = colon < 0 ? null : rest[(colon + 1)..];
        if (RepositoryError(repository) is { } repositoryError) return repositoryError;
        if (tag is not null && TagError(tag) is { } tagError) return tagError;

        Digest? digest = null;
        if (at >= 0)
        {
            if (!Berth.Oci.Digest.TryParse(text[(at + 1)..], out var parsed, out var digestError)) return digestError;
            digest = parsed;
        }

        if (registry == LegacyDockerHub) registry = DockerHub;
        if (registry == DockerHub && !repository.Contains('/')) repository = OfficialPrefix + repository;
        var length = registry.Length + 1 + repository.Length;
        if (length > NameMaxLength)
            return $"name with its registry (\"{registry}/…\") is {length} characters long; the maximum is {NameMaxLength}";

        var tagWasImplicit = tag is null && digest is null;
        reference = new(registry, repository, tagWasImplicit ? DefaultTag : tag, digest, tagWasImplicit);
        return null;
    }

    // Docker's rule (splitDockerDomain): the first component names a registry only if it could not be a path.
    static bool IsRegistry(ReadOnlySpan<char> first) =>
        first.ContainsAny('.', ':') || first is "localhost" || first.ContainsAnyInRange('A', 'Z');

    static string? RegistryError(string registry)
    {
        ReadOnlySpan<char> port;
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']');
            if (close < 0) return $"registry \"{registry}\" is missing the ']' that closes its IPv6 address";
            var address = registry.AsSpan(1, close - 1);
            if (address.IsEmpty || address.ContainsAnyExcept(Ipv6Chars))
                return $"registry \"{registry}\" has an invalid IPv6 address";
            var after = registry.AsSpan(close + 1);
            if (after.IsEmpty) return null;
            if (after[0] != ':') return $"registry \"{registry}\" has \"{after}\" after its IPv6 address; only \":port\" may follow";
            port = after[1..];
        }
        else
        {
            if (registry.AsSpan().Count(':') > 1)
                return $"registry \"{registry}\" looks like an IPv6 address; write it in brackets, e.g. [::1]:5000";
            var colon = registry.IndexOf(':');
            var host = colon < 0 ? registry.AsSpan() : registry.AsSpan(0, colon);
            if (HostError(registry, host) is { } hostError) return hostError;
            if (colon < 0) return null;
            port = registry.AsSpan(colon + 1);
        }
        if (port.IsEmpty) return $"registry \"{registry}\" has an empty port after ':'";
        return port.ContainsAnyExceptInRange('0', '9') ? $"registry port \"{port}\" is not a number" : null;
    }

    // host := label ('.' label)*, label := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
    static string? HostError(string registry, ReadOnlySpan<char> host)
    {
        if (host.IsEmpty) return $"registry \"{registry}\" has no host name before its port";
        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (label.IsEmpty) return $"registry host \"{host}\" has an empty label (check the dots)";
            var bad = label.IndexOfAnyExcept(HostChars);
            if (bad >= 0) return $"registry host \"{host}\" contains '{label[bad]}'";
            if (label[0] == '-' || label[^1] == '-') return $"registry host \"{host}\" has a label that starts or ends with '-'";
        }
        return null;
    }

    // path := component ('/' component)*; the registry calls this on every request, so it allocates only to fail.
    static string? RepositoryError(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty) return "repository name is empty";
        if (path.ContainsAnyInRange('A', 'Z')) return "repository name must be lowercase";
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/') continue;
            var component = path[start..i];
            if (component.IsEmpty)
                return start == 0 ? "repository name must not start with '/'"
                    : i == path.Length ? "repository name must not end with '/'"
                    : "repository name must not contain '//'";
            if (ComponentError(component) is { } error) return error;
            start = i + 1;
        }
        return null;
    }

    // component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := '.' | '_' | '__' | '-'+
    static string? ComponentError(ReadOnlySpan<char> component)
    {
        var separatorStart = -1;
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c))
            {
                if (separatorStart >= 0 && !IsSeparator(component[separatorStart..i]))
                    return $"repository path component \"{component}\" has the separator \"{component[separatorStart..i]}\"; "
                        + "use one of '.', '_', '__' or a run of '-'";
                separatorStart = -1;
            }
            else if (c is '.' or '_' or '-')
            {
                if (i == 0) return $"repository path component \"{component}\" must start with a lowercase letter or digit";
                if (separatorStart < 0) separatorStart = i;
            }
            else return $"repository name contains '{c}'; only lowercase letters, digits, '.', '_', '-' and '/' are allowed";
        }
        return separatorStart >= 0 ? $"repository path component \"{component}\" must end with a lowercase letter or digit" : null;
    }

    static bool IsSeparator(ReadOnlySpan<char> s) => s is "." or "_" or "__" || !s.ContainsAnyExcept('-');

    static string? TagError(ReadOnlySpan<char> tag)
    {
        if (tag.IsEmpty) return "tag is empty (remove the trailing ':' or name a tag)";
        if (tag.Length > TagMaxLength) return $"tag is {tag.Length} characters long; the maximum is {TagMaxLength}";
        if (!IsWordChar(tag[0])) return $"tag must start with a letter, digit or '_', not '{tag[0]}'";
        foreach (var c in tag[1..])
            if (!IsWordChar(c) && c is not ('.' or '-'))
                return $"tag contains '{c}'; only letters, digits, '_', '.' and '-' are allowed";
        return null;
    }

    static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    static bool IsHex(string s) => !s.AsSpan().ContainsAnyExcept(LowerHex);

    static readonly SearchValues<char> HostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
    static readonly SearchValues<char> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:");
    static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
}
