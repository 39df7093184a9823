// GET /v2/<name>/referrers/<digest>: the manifests whose subject is a digest, as an OCI image index,
// with the artifactType filter, and how the list follows pushes and deletes.
using System.Net;
using System.Text.Json;
using Berth.Oci;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class ReferrerTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    const string Sbom = "application/vnd.example.sbom.v1+json";
    const string Signature = "application/vnd.example.signature.v1+json";

    RegistryClient Client => fixture.Client;

    [Fact]
    public async Task Referrers_of_a_subject_are_listed_as_an_oci_index_of_their_descriptors()
    {
        var subject = await Client.PushImageAsync("referrers/list", "v1");
        var sbom = await Client.PushImageAsync("referrers/list", null, subject: subject.Descriptor, artifactType: Sbom,
            annotations: new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01T00:00:00Z" });
        var signature = await Client.PushImageAsync("referrers/list", null, subject: subject.Descriptor, artifactType: Signature);
        await Client.PushImageAsync("referrers/list", "unrelated");

        var (filters, index) = await ReferrersAsync("referrers/list", subject.Digest);

        Assert.Null(filters);
        Assert.Equal(2, index.SchemaVersion);
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Equal(new[] { sbom.Digest, signature.Digest }.Select(d => d.ToString()).Order(), index.Manifests.Select(d => d.Digest.ToString()).Order());
        var sbomEntry = index.Manifests.Single(d => d.Digest == sbom.Digest);
        Assert.Equal(MediaTypes.OciManifest, sbomEntry.MediaType);
        Assert.Equal(sbom.Bytes.Length, sbomEntry.Size);
        Assert.Equal(Sbom, sbomEntry.ArtifactType);
        Assert.Equal("2026-01-01T00:00:00Z", sbomEntry.Annotations?["org.opencontainers.image.created"]);
        Assert.Equal(Signature, index.Manifests.Single(d => d.Digest == signature.Digest).ArtifactType);
    }

    [Fact]
    public async Task Artifact_type_filter_keeps_only_matching_referrers_and_says_it_was_applied()
    {
        var subject = await Client.PushImageAsync("referrers/filter", "v1");
        var sbom = await Client.PushImageAsync("referrers/filter", null, subject: subject.Descriptor, artifactType: Sbom);
        await Client.PushImageAsync("referrers/filter", null, subject: subject.Descriptor, artifactType: Signature);

        var (filters, index) = await ReferrersAsync("referrers/filter", subject.Digest, $"?artifactType={Uri.EscapeDataString(Sbom)}");

        Assert.Equal("artifactType", filters);
        Assert.Equal(sbom.Digest, Assert.Single(index.Manifests).Digest);
    }

    [Fact]
    public async Task Artifact_type_of_a_referrer_without_one_is_its_config_media_type()
    {
        const string configType = "application/vnd.example.config.v1+json";
        var subject = await Client.PushImageAsync("referrers/config-type", "v1");
        var referrer = await Client.PushImageAsync("referrers/config-type", null, subject: subject.Descriptor, configMediaType: configType);

        var (_, all) = await ReferrersAsync("referrers/config-type", subject.Digest);
        var (_, filtered) = await ReferrersAsync("referrers/config-type", subject.Digest, $"?artifactType={Uri.EscapeDataString(configType)}");

        Assert.Equal(configType, Assert.Single(all.Manifests).ArtifactType);
        Assert.Equal(referrer.Digest, Assert.Single(filtered.Manifests).Digest);
    }

    [Theory]
    [InlineData("referrers/lonely")]
    [InlineData("referrers/never-pushed")]
    public async Task Subject_without_referrers_has_an_empty_index(string repository)
    {
        var subject = await Client.PushImageAsync("referrers/lonely", "v1");

        var (_, index) = await ReferrersAsync(repository, subject.Digest);

        Assert.Empty(index.Manifests);
    }

    [Fact]
    public async Task Referrer_pushed_before_its_subject_is_listed()
    {
        var absent = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(TestContent.Random(64)), Size = 64 };
        var referrer = await Client.PushImageAsync("referrers/early", null, subject: absent, artifactType: Sbom);

        var (_, index) = await ReferrersAsync("referrers/early", absent.Digest);

        Assert.Equal(referrer.Digest, Assert.Single(index.Manifests).Digest);
    }

    [Fact]
    public async Task Referrer_disappears_after_its_manifest_is_deleted()
    {
        var subject = await Client.PushImageAsync("referrers/delete", "v1");
        var gone = await Client.PushImageAsync("referrers/delete", null, subject: subject.Descriptor, artifactType: Sbom);
        var kept = await Client.PushImageAsync("referrers/delete", null, subject: subject.Descriptor, artifactType: Signature);

        using (var delete = await Client.DeleteAsync($"/v2/referrers/delete/manifests/{gone.Digest}"))
            await RegistryAssert.StatusAsync(delete, HttpStatusCode.Accepted);

        var (_, index) = await ReferrersAsync("referrers/delete", subject.Digest);
        Assert.Equal(kept.Digest, Assert.Single(index.Manifests).Digest);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("latest")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task Referrers_of_an_invalid_digest_are_400_DIGEST_INVALID(string digest)
    {
        using var response = await Client.GetAsync($"/v2/referrers/invalid/referrers/{digest}");
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    /// <summary>The referrers index of <paramref name="subject"/> and the OCI-Filters-Applied header, after checking the 200 and its Content-Type.</summary>
    async Task<(string? FiltersApplied, ImageIndex Index)> ReferrersAsync(string repository, Digest subject, string query = "")
    {
        using var response = await Client.GetAsync($"/v2/{repository}/referrers/{subject}{query}");
        await RegistryAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(MediaTypes.OciIndex, response.Content.Headers.ContentType?.MediaType);
        var index = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), OciJsonContext.Default.ImageIndex)!;
        return (RegistryAssert.Header(response, "OCI-Filters-Applied"), index);
    }
}
