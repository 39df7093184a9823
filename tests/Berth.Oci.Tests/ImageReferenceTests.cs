// Image references as people type them: Docker's normalisation, the exact error for each broken rule,
// and the registry's name and tag checks held against the distribution spec's own regexes.
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Berth.Oci.Tests;

public class ImageReferenceTests
{
    const string D = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    const string D2 = "sha256:7b2699543f22d5b8dc8d66a5873eb246767bca37232dee1e7a3b8c9956bceb0c";

    // input, registry, repository, tag, digest, tag was implicit, canonical form, familiar form
    public static TheoryData<string, string, string, string?, string?, bool, string, string> ValidReferences => new()
    {
        { "busybox", "docker.io", "library/busybox", "latest", null, true, "docker.io/library/busybox:latest", "busybox:latest" },
        { "busybox:1.36", "docker.io", "library/busybox", "1.36", null, false, "docker.io/library/busybox:1.36", "busybox:1.36" },
        { "library/busybox", "docker.io", "library/busybox", "latest", null, true, "docker.io/library/busybox:latest", "busybox:latest" },
        { "docker.io/busybox", "docker.io", "library/busybox", "latest", null, true, "docker.io/library/busybox:latest", "busybox:latest" },
        { "index.docker.io/library/ubuntu:24.04", "docker.io", "library/ubuntu", "24.04", null, false, "docker.io/library/ubuntu:24.04", "ubuntu:24.04" },
        { "team/app:v2", "docker.io", "team/app", "v2", null, false, "docker.io/team/app:v2", "team/app:v2" },
        { "docker.io/library/distros/ubuntu", "docker.io", "library/distros/ubuntu", "latest", null, true, "docker.io/library/distros/ubuntu:latest", "library/distros/ubuntu:latest" },
        { "localhost/app", "localhost", "app", "latest", null, true, "localhost/app:latest", "localhost/app:latest" },
        { "localhost:5000/team/app:1.2.3", "localhost:5000", "team/app", "1.2.3", null, false, "localhost:5000/team/app:1.2.3", "localhost:5000/team/app:1.2.3" },
        { "registry.example.com/a/b/c:x", "registry.example.com", "a/b/c", "x", null, false, "registry.example.com/a/b/c:x", "registry.example.com/a/b/c:x" },
        { "127.0.0.1:5000/app", "127.0.0.1:5000", "app", "latest", null, true, "127.0.0.1:5000/app:latest", "127.0.0.1:5000/app:latest" },
        { "[::1]:5000/app:1", "[::1]:5000", "app", "1", null, false, "[::1]:5000/app:1", "[::1]:5000/app:1" },
        { "[fe80::1]/app", "[fe80::1]", "app", "latest", null, true, "[fe80::1]/app:latest", "[fe80::1]/app:latest" },
        { "MyRegistry/app", "MyRegistry", "app", "latest", null, true, "MyRegistry/app:latest", "MyRegistry/app:latest" },
        { "my-registry.local:443/a.b-c__d/e---f/g_h:_Tag-1.x", "my-registry.local:443", "a.b-c__d/e---f/g_h", "_Tag-1.x", null, false,
            "my-registry.local:443/a.b-c__d/e---f/g_h:_Tag-1.x", "my-registry.local:443/a.b-c__d/e---f/g_h:_Tag-1.x" },
        { "app@" + D, "docker.io", "library/app", null, D, false, "docker.io/library/app@" + D, "app@" + D },
        { "registry:5000/app:1.0@" + D, "registry:5000", "app", "1.0", D, false, "registry:5000/app:1.0@" + D, "registry:5000/app:1.0@" + D },
        // Docker reads a lone "localhost:5000" as the image "localhost" at tag "5000": there is no '/' to mark a registry.
        { "localhost:5000", "docker.io", "library/localhost", "5000", null, false, "docker.io/library/localhost:5000", "localhost:5000" },
    };

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void Valid_references_are_normalised_as_Docker_does(
        string input, string registry, string repository, string? tag, string? digest, bool implicitTag, string canonical, string familiar)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(implicitTag, reference.TagWasImplicit);
        Assert.Equal($"{registry}/{repository}", reference.FullName);
        Assert.Equal(canonical, reference.ToString());
        Assert.Equal(familiar, reference.Familiar);
    }

    [Theory]
    [MemberData(nameof(ValidReferences))]
    public void Canonical_and_familiar_forms_parse_back_to_the_same_reference(
        string input, string registry, string repository, string? tag, string? digest, bool implicitTag, string canonical, string familiar)
    {
        _ = (registry, repository, tag, digest, implicitTag);
        var reference = ImageReference.Parse(input);
        Assert.Equal(reference, ImageReference.Parse(canonical));
        Assert.Equal(reference, ImageReference.Parse(familiar));
    }

    // input, what is wrong with it
    public static TheoryData<string, string> InvalidReferences => new()
    {
        { "", "reference is empty" },
        { "App:1", "repository name must be lowercase" },
        { "team/App", "repository name must be lowercase" },
        { "app:", "tag is empty (remove the trailing ':' or name a tag)" },
        { "localhost:5000/app:", "tag is empty (remove the trailing ':' or name a tag)" },
        { "app:" + new string('a', 129), "tag is 129 characters long; the maximum is 128" },
        { "app:-1", "tag must start with a letter, digit or '_', not '-'" },
        { "app:1.0+build", "tag contains '+'; only letters, digits, '_', '.' and '-' are allowed" },
        { "app:1:2", "tag contains ':'; only letters, digits, '_', '.' and '-' are allowed" },
        { "a//b", "repository name must not contain '//'" },
        { "/app", "repository name must not start with '/'" },
        { "team/app/", "repository name must not end with '/'" },
        { "localhost:5000/", "repository name is empty" },
        { ":1", "repository name is empty" },
        { "@" + D, "repository name is empty" },
        { "app name", "repository name contains ' '; only lowercase letters, digits, '.', '_', '-' and '/' are allowed" },
        { "team/a..b", "repository path component \"a..b\" has the separator \"..\"; use one of '.', '_', '__' or a run of '-'" },
        { "a._b", "repository path component \"a._b\" has the separator \"._\"; use one of '.', '_', '__' or a run of '-'" },
        { "a___b", "repository path component \"a___b\" has the separator \"___\"; use one of '.', '_', '__' or a run of '-'" },
        { "-app", "repository path component \"-app\" must start with a lowercase letter or digit" },
        { "team/app-:1", "repository path component \"app-\" must end with a lowercase letter or digit" },
        { "app@", "digest is empty" },
        { "app@sha256:abc", "digest \"sha256:abc\" is invalid: sha256 needs 64 lowercase hex characters" },
        { "app@md5:d41d8cd98f00b204e9800998ecf8427e", "digest algorithm \"md5\" is not supported (use sha256 or sha512)" },
        { "app@" + D + "@" + D2, $"digest \"{(D + "@" + D2)[..80]}…\" is invalid: sha256 needs 64 lowercase hex characters" },
        { "localhost:/app", "registry \"localhost:\" has an empty port after ':'" },
        { "localhost:50a/app", "registry port \"50a\" is not a number" },
        { ":5000/app", "registry \":5000\" has no host name before its port" },
        { "my_registry.com/app", "registry host \"my_registry.com\" contains '_'" },
        { "reg..example.com/app", "registry host \"reg..example.com\" has an empty label (check the dots)" },
        { "-reg.example.com/app", "registry host \"-reg.example.com\" has a label that starts or ends with '-'" },
        { "::1/app", "registry \"::1\" looks like an IPv6 address; write it in brackets, e.g. [::1]:5000" },
        { "[::1:5000/app", "registry \"[::1:5000\" is missing the ']' that closes its IPv6 address" },
        { "[::g]:5000/app", "registry \"[::g]:5000\" has an invalid IPv6 address" },
        { "[::1]5000/app", "registry \"[::1]5000\" has \"5000\" after its IPv6 address; only \":port\" may follow" },
        { new string('a', 64), "a 64-character hex string is an image ID, not a repository name" },
        { "registry.example.com/" + new string('a', 250), "name with its registry (\"registry.example.com/…\") is 271 characters long; the maximum is 255" },
        // Docker counts the name it normalised to, "docker.io/library/" included.
        { new string('a', 240), "name with its registry (\"docker.io/…\") is 258 characters long; the maximum is 255" },
    };

    [Theory]
    [MemberData(nameof(InvalidReferences))]
    public void Invalid_references_are_rejected_with_what_is_wrong(string input, string reason)
    {
        var error = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));

        Assert.Equal($"invalid reference \"{input}\": {reason}", error.Message);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(input, error.Reference);
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.False(ImageReference.TryParse(input, out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void TryParse_accepts_a_valid_reference_and_refuses_null()
    {
        Assert.True(ImageReference.TryParse("localhost:5000/app:1", out var reference));
        Assert.Equal("localhost:5000/app:1", reference.ToString());
        Assert.False(ImageReference.TryParse(null, out _));
    }

    [Fact]
    public void An_implicit_latest_equals_an_explicit_one_but_still_says_it_was_implicit()
    {
        var typed = ImageReference.Parse("busybox");
        var explicitLatest = ImageReference.Parse("docker.io/library/busybox:latest");

        Assert.Equal(explicitLatest, typed);
        Assert.Equal(explicitLatest.GetHashCode(), typed.GetHashCode());
        Assert.True(typed.TagWasImplicit);
        Assert.False(explicitLatest.TagWasImplicit);
        Assert.NotEqual(ImageReference.Parse("busybox:1.36"), typed);
    }

    [Fact]
    public void WithTag_replaces_the_tag_and_keeps_a_pinned_digest()
    {
        var pinned = ImageReference.Parse("localhost:5000/app:1.0@" + D).WithTag("2.0");
        Assert.Equal("localhost:5000/app:2.0@" + D, pinned.ToString());

        var retagged = ImageReference.Parse("busybox").WithTag("1.36");
        Assert.Equal("busybox:1.36", retagged.Familiar);
        Assert.False(retagged.TagWasImplicit);
    }

    [Fact]
    public void WithTag_rejects_a_bad_tag_and_names_the_reference_it_would_make()
    {
        var error = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse("app").WithTag("bad tag"));
        Assert.Equal(
            "invalid reference \"docker.io/library/app:bad tag\": tag contains ' '; only letters, digits, '_', '.' and '-' are allowed",
            error.Message);
    }

    [Fact]
    public void WithDigest_drops_a_defaulted_tag_but_keeps_a_typed_one()
    {
        var digest = Digest.Parse(D2);

        var fromImplicit = ImageReference.Parse("busybox").WithDigest(digest);
        Assert.Null(fromImplicit.Tag);
        Assert.False(fromImplicit.TagWasImplicit);
        Assert.Equal("busybox@" + D2, fromImplicit.Familiar);

        Assert.Equal("registry:5000/app:1.0@" + D2, ImageReference.Parse("registry:5000/app:1.0@" + D).WithDigest(digest).ToString());
        Assert.Throws<ArgumentException>(() => ImageReference.Parse("app").WithDigest(default));
    }

    [Theory]
    [InlineData("library/busybox", true)]
    [InlineData("a", true)]
    [InlineData("a0/b-c/d__e/f.g/h---i", true)]
    [InlineData("", false)]
    [InlineData("Library/busybox", false)]
    [InlineData("a/", false)]
    [InlineData("/a", false)]
    [InlineData("a//b", false)]
    [InlineData("a.-b", false)]
    [InlineData("a___b", false)]
    [InlineData("a:b", false)]
    [InlineData(null, false)]
    public void Repository_names_follow_the_distribution_spec(string? name, bool valid) =>
        Assert.Equal(valid, ImageReference.IsValidRepositoryName(name));

    [Fact]
    public void Repository_names_over_255_characters_are_refused_as_distribution_does()
    {
        Assert.True(ImageReference.IsValidRepositoryName(new string('a', 255)));
        Assert.False(ImageReference.IsValidRepositoryName(new string('a', 256)));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("_", true)]
    [InlineData("v1.2.3-rc.1_Build", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("-x", false)]
    [InlineData("a+b", false)]
    [InlineData("a/b", false)]
    [InlineData(null, false)]
    public void Tags_follow_the_distribution_spec(string? tag, bool valid) =>
        Assert.Equal(valid, ImageReference.IsValidTag(tag));

    [Fact]
    public void Tags_may_be_128_characters_and_no_more()
    {
        Assert.True(ImageReference.IsValidTag(new string('a', 128)));
        Assert.False(ImageReference.IsValidTag(new string('a', 129)));
    }

    [Fact]
    public void Hand_written_checks_agree_with_the_spec_regexes_on_random_strings()
    {
        var nameRegex = new Regex(@"\A[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.NonBacktracking);
        var tagRegex = new Regex(@"\A[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z", RegexOptions.NonBacktracking);
        var random = new Random(20240611);
        var (validNames, validTags) = (0, 0);
        for (var i = 0; i < 50_000; i++)
        {
            var name = RandomString(random, "ab09._-/A:", 12);
            var expected = nameRegex.IsMatch(name);
            Assert.True(expected == ImageReference.IsValidRepositoryName(name), $"name \"{name}\": regex says {expected}");
            validNames += expected ? 1 : 0;

            var tag = RandomString(random, "aZ9_.-+/:", 12);
            expected = tagRegex.IsMatch(tag);
            Assert.True(expected == ImageReference.IsValidTag(tag), $"tag \"{tag}\": regex says {expected}");
            validTags += expected ? 1 : 0;
        }
        // The comparison only means something if both answers came up often.
        Assert.InRange(validNames, 1_000, 49_000);
        Assert.InRange(validTags, 1_000, 49_000);
    }

    [Fact]
    public void Adversarial_megabyte_references_are_rejected_in_linear_time()
    {
        // IsValidRepositoryName and IsValidTag refuse such lengths before looking; Parse reads everything first.
        var inputs = new[]
        {
            string.Concat(Enumerable.Repeat("a-", 500_000)) + "!",
            "a" + new string('-', 1_000_000) + "_",
            string.Concat(Enumerable.Repeat("a/", 500_000)) + "/",
            string.Concat(Enumerable.Repeat("a.", 500_000)) + "-/app",
            "app:" + string.Concat(Enumerable.Repeat("a-", 500_000)) + "!",
        };
        var stopwatch = Stopwatch.StartNew();

        foreach (var input in inputs) Assert.False(ImageReference.TryParse(input, out _));

        // Linear work on a few megabytes is milliseconds; backtracking would take minutes.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    static string RandomString(Random random, string alphabet, int maxLength)
    {
        var chars = new char[random.Next(maxLength + 1)];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }
}
