// Choosing an index entry for a platform: aliases, default variants, and older variants a platform can run,
// checked against an index shaped like the ones multi-arch images publish.
using Berth.Oci;

namespace Berth.Distribution.Tests;

public sealed class PlatformMatcherTests
{
    static Descriptor Entry(string platform, int n) => new()
    {
        MediaType = MediaTypes.OciManifest,
        Digest = Digest.Compute([(byte)n]),
        Size = n,
        Platform = PlatformMatcher.Parse(platform),
    };

    static readonly Descriptor[] Index =
    [
        Entry("linux/amd64", 1), Entry("linux/arm/v6", 2), Entry("linux/arm/v7", 3), Entry("linux/arm64/v8", 4),
        Entry("unknown/unknown", 5), Entry("linux/amd64/v3", 6),
    ];

    [Theory]
    [InlineData("linux/amd64", 1)]
    [InlineData("linux/x86_64", 1)]
    [InlineData("linux/amd64/v3", 6)]
    [InlineData("linux/amd64/v4", 6)]
    [InlineData("linux/amd64/v2", 1)]
    [InlineData("linux/arm64", 4)]
    [InlineData("linux/aarch64", 4)]
    [InlineData("linux/arm", 3)]
    [InlineData("linux/arm/v8", 3)]
    [InlineData("linux/arm/v6", 2)]
    [InlineData("Linux/ARM64/v8", 4)]
    public void The_closest_runnable_variant_is_chosen(string wanted, int expected) =>
        Assert.Equal(expected, PlatformMatcher.Select(Index, PlatformMatcher.Parse(wanted))!.Size);

    [Theory]
    [InlineData("linux/arm/v5")]
    [InlineData("linux/s390x")]
    [InlineData("windows/amd64")]
    public void A_platform_nothing_in_the_index_can_serve_gets_none(string wanted) =>
        Assert.Null(PlatformMatcher.Select(Index, PlatformMatcher.Parse(wanted)));

    [Fact]
    public void A_platform_that_is_not_os_and_architecture_is_refused() =>
        Assert.Equal("platform \"amd64\" is not os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7",
            Assert.Throws<FormatException>(() => PlatformMatcher.Parse("amd64")).Message);
}
