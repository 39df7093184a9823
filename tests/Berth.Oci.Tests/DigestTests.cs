using System.Text;
using Berth.Oci;

namespace Berth.Oci.Tests;

public class DigestTests
{
    const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Sha256_of_empty_content_is_the_well_known_digest() =>
        Assert.Equal(EmptySha256, Digest.Compute([]).ToString());

    [Theory]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "lowercase hex")]
    [InlineData("sha256:abc", "64 lowercase hex")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "not supported")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "no algorithm")]
    [InlineData("", "empty")]
    public void Malformed_digests_are_rejected_with_the_reason(string text, string reason)
    {
        Assert.False(Digest.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public async Task Streaming_digest_matches_one_shot_digest_for_sha256_and_sha512()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("berth", 50_000)));
        foreach (var algorithm in new[] { "sha256", "sha512" })
        {
            var streamed = await Digest.ComputeAsync(new MemoryStream(data), algorithm);
            Assert.Equal(Digest.Compute(data, algorithm), streamed);
            Assert.Equal(streamed, Digest.Parse(streamed.ToString()));
        }
    }
}
