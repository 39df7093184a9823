// Manifests as registries receive them: the four manifest kinds and artifacts are read and classified,
// and each way a document can be malformed or ambiguous is refused with the field at fault.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Berth.Oci.Tests;

public class ManifestDocumentTests
{
    const string ConfigDigest = "sha256:ba5dc23f65d4cc4a4535bce55cf9e63b068eb02946e3422d3587e8ce803b6aab";
    const string Layer1 = "sha256:7b2699543f22d5b8dc8d66a5873eb246767bca37232dee1e7a3b8c9956bceb0c";
    const string Layer2 = "sha256:c6a83fedfae6ed8a4f5f7cbb6a7b6f1c1ec3d86fea8cb9e5ba2e58e6d7d1a2b3";
    const string AmdManifest = "sha256:1f1a2d56de1d604801a9671f301190704c25d604a416f59e03c04f5c6ffee0d6";
    const string ArmManifest = "sha256:d4ff818577bc193b309b355b02ebc9220427090057b54a59e73b79bdfe139b83";
    // sha256("{}"), the OCI empty descriptor that artifacts use as their config.
    const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    const string OciManifestJson = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": "{{ConfigDigest}}",
            "size": 1471
          },
          "layers": [
            {
              "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
              "digest": "{{Layer1}}",
              "size": 3623807
            },
            {
              "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
              "digest": "{{Layer2}}",
              "size": 412
            }
          ],
          "annotations": {
            "org.opencontainers.image.created": "2024-06-01T12:00:00Z",
            "org.opencontainers.image.source": "https://github.com/example/app"
          }
        }
        """;

    const string OciIndexJson = $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.index.v1+json",
          "manifests": [
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "digest": "{{AmdManifest}}",
              "size": 1025,
              "platform": { "architecture": "amd64", "os": "linux" }
            },
            {
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "digest": "{{ArmManifest}}",
              "size": 1025,
              "platform": { "architecture": "arm64", "os": "linux", "variant": "v8" }
            }
          ]
        }
        """;

    const string DockerManifestJson = $$"""
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1457,
              "digest": "{{ConfigDigest}}"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 2152262,
                 "digest": "{{Layer1}}"
              }
           ]
        }
        """;

    const string DockerManifestListJson = $$"""
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
           "manifests": [
              {
                 "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "size": 528,
                 "digest": "{{AmdManifest}}",
                 "platform": { "architecture": "amd64", "os": "linux" }
              },
              {
                 "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "size": 528,
                 "digest": "{{ArmManifest}}",
                 "platform": { "architecture": "arm", "os": "linux", "variant": "v7" }
              }
           ]
        }
        """;

    const string Schema1Json = """
        {
           "schemaVersion": 1,
           "name": "library/hello-world",
           "tag": "latest",
           "architecture": "amd64",
           "fsLayers": [
              { "blobSum": "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4" }
           ],
           "history": [ { "v1Compatibility": "{\"id\":\"e45a5af57b00\"}" } ],
           "signatures": []
        }
        """;

    [Fact]
    public void Oci_image_manifest_is_read_with_its_config_and_layers_in_order()
    {
        var document = Parse(OciManifestJson, MediaTypes.OciManifest);

        Assert.Equal(MediaTypes.OciManifest, document.MediaType);
        Assert.False(document.IsIndex);
        var image = Assert.IsType<ImageManifest>(document.Image);
        Assert.Equal(ConfigDigest, image.Config.Digest.ToString());
        Assert.Equal(1471, image.Config.Size);
        Assert.Equal([ConfigDigest, Layer1, Layer2], document.References.Select(d => d.Digest.ToString()));
        Assert.Equal("https://github.com/example/app", document.Annotations!["org.opencontainers.image.source"]);
        Assert.Null(document.Subject);
    }

    [Fact]
    public void Oci_index_is_read_with_its_platform_manifests()
    {
        var document = Parse(OciIndexJson, MediaTypes.OciIndex);

        Assert.Equal(MediaTypes.OciIndex, document.MediaType);
        Assert.True(document.IsIndex);
        Assert.Equal([AmdManifest, ArmManifest], document.References.Select(d => d.Digest.ToString()));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], document.Index!.Manifests.Select(d => d.Platform!.ToString()));
    }

    [Fact]
    public void Docker_v2_manifest_is_read_as_an_image_manifest_of_its_own_media_type()
    {
        var document = Parse(DockerManifestJson, MediaTypes.DockerManifest);

        Assert.Equal(MediaTypes.DockerManifest, document.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, document.Image!.Config.MediaType);
        Assert.Equal([ConfigDigest, Layer1], document.References.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Docker_manifest_list_is_read_as_an_index()
    {
        var document = Parse(DockerManifestListJson, MediaTypes.DockerManifestList);

        Assert.Equal(MediaTypes.DockerManifestList, document.MediaType);
        Assert.True(document.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm/v7"], document.Index!.Manifests.Select(d => d.Platform!.ToString()));
    }

    [Fact]
    public void Body_media_type_is_used_when_the_content_type_is_generic_or_absent()
    {
        Assert.Equal(MediaTypes.DockerManifest, Parse(DockerManifestJson, "application/json").MediaType);
        Assert.Equal(MediaTypes.OciIndex, Parse(OciIndexJson, null).MediaType);
    }

    [Fact]
    public void Content_type_parameters_and_case_are_ignored()
    {
        var document = Parse(OciManifestJson, "Application/VND.oci.image.manifest.v1+json; charset=utf-8");
        Assert.Equal(MediaTypes.OciManifest, document.MediaType);
    }

    [Fact]
    public void Manifest_without_a_media_type_field_is_classified_by_its_shape()
    {
        var image = OciManifestJson.Replace("\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",", "");
        var index = OciIndexJson.Replace("\"mediaType\": \"application/vnd.oci.image.index.v1+json\",", "");

        Assert.Equal(MediaTypes.OciManifest, Parse(image).MediaType);
        Assert.Equal(MediaTypes.OciIndex, Parse(index).MediaType);
    }

    [Fact]
    public void Artifact_manifest_reports_its_artifact_type_and_subject()
    {
        var json = $$"""
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "artifactType": "application/vnd.example.sbom.v1+json",
              "config": { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{EmptyDigest}}", "size": 2, "data": "e30=" },
              "layers": [ { "mediaType": "application/spdx+json", "digest": "{{Layer1}}", "size": 8812 } ],
              "subject": { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{AmdManifest}}", "size": 1025 },
              "annotations": { "org.opencontainers.image.created": "2024-06-01T12:00:00Z" }
            }
            """;

        var document = Parse(json, MediaTypes.OciManifest);

        Assert.Equal("application/vnd.example.sbom.v1+json", document.ArtifactType);
        Assert.Equal(AmdManifest, document.Subject!.Digest.ToString());
        Assert.Equal(MediaTypes.OciEmpty, document.Image!.Config.MediaType);
    }

    [Fact]
    public void Artifact_type_falls_back_to_the_config_media_type()
    {
        var json = $$"""
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": { "mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "{{ConfigDigest}}", "size": 117 },
              "layers": [ { "mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "digest": "{{Layer1}}", "size": 3542 } ]
            }
            """;

        Assert.Equal("application/vnd.cncf.helm.config.v1+json", Parse(json).ArtifactType);
    }

    [Fact]
    public void Index_reports_its_own_artifact_type_and_subject()
    {
        var json = $$"""
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.index.v1+json",
              "artifactType": "application/vnd.example.signatures.v1",
              "manifests": [],
              "subject": { "mediaType": "application/vnd.oci.image.index.v1+json", "digest": "{{AmdManifest}}", "size": 700 }
            }
            """;

        var document = Parse(json);

        Assert.Equal("application/vnd.example.signatures.v1", document.ArtifactType);
        Assert.Equal(AmdManifest, document.Subject!.Digest.ToString());
        Assert.Null(Parse(OciIndexJson).ArtifactType);
    }

    [Fact]
    public void Content_type_that_contradicts_the_body_media_type_is_rejected()
    {
        Assert.Equal(
            "Content-Type \"application/vnd.oci.image.index.v1+json\" does not match the manifest's mediaType \"application/vnd.oci.image.manifest.v1+json\"",
            Rejected(OciManifestJson, MediaTypes.OciIndex).Message);
        Assert.Contains("does not match", Rejected(DockerManifestJson, MediaTypes.OciManifest).Message);
    }

    [Fact]
    public void Schema_1_is_rejected_as_unsupported_by_its_body_or_its_content_type()
    {
        var byBody = Rejected(Schema1Json);
        Assert.True(byBody.Unsupported);
        Assert.Equal("Docker schema 1 manifests are not supported; push with schema 2 or OCI", byBody.Message);

        Assert.True(Rejected(Schema1Json, MediaTypes.DockerSchema1Signed).Unsupported);
        Assert.True(Rejected(OciManifestJson, MediaTypes.DockerSchema1).Unsupported);
    }

    [Fact]
    public void Unknown_manifest_media_type_is_rejected_as_unsupported()
    {
        var error = Rejected(OciManifestJson.Replace(MediaTypes.OciManifest, "application/vnd.oci.artifact.manifest.v1+json"));
        Assert.True(error.Unsupported);
        Assert.Equal("manifest media type \"application/vnd.oci.artifact.manifest.v1+json\" is not supported", error.Message);
    }

    [Fact]
    public void Schema_version_other_than_2_is_rejected()
    {
        Assert.Equal("schemaVersion must be 2", Rejected(OciManifestJson.Replace("\"schemaVersion\": 2", "\"schemaVersion\": 3")).Message);
        Assert.Equal("schemaVersion must be 2", Rejected(OciManifestJson.Replace("\"schemaVersion\": 2,", "")).Message);
    }

    [Fact]
    public void Image_manifest_without_config_or_layers_is_rejected()
    {
        var noConfig = """{ "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "layers": [] }""";
        var nullConfig = """{ "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": null, "layers": [] }""";
        var noLayers = $$"""
            { "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{{ConfigDigest}}", "size": 1 } }
            """;
        var nullLayers = noLayers.Replace("\"size\": 1 }", "\"size\": 1 }, \"layers\": null");

        Assert.Equal("image manifest has no \"config\" descriptor", Rejected(noConfig).Message);
        Assert.Equal("image manifest has no \"config\" descriptor", Rejected(nullConfig).Message);
        Assert.Equal("image manifest has no \"layers\" array", Rejected(noLayers).Message);
        Assert.Equal("image manifest has no \"layers\" array", Rejected(nullLayers).Message);
    }

    [Fact]
    public void Index_without_manifests_is_rejected()
    {
        var json = """{ "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json" }""";
        Assert.Equal("index has no \"manifests\" array", Rejected(json).Message);
    }

    [Fact]
    public void Null_descriptor_in_a_list_is_rejected_with_its_position()
    {
        var json = OciIndexJson.Replace("\"manifests\": [", "\"manifests\": [ null,");
        Assert.Equal("manifests[0] is null", Rejected(json).Message);
    }

    [Fact]
    public void Bad_digest_in_a_descriptor_is_rejected_naming_the_field_and_the_reason()
    {
        var message = Rejected(OciManifestJson.Replace(Layer2, "sha256:C6A83F")).Message;
        Assert.Equal(
            "manifest does not match application/vnd.oci.image.manifest.v1+json: layers[1].digest: "
            + "digest \"sha256:C6A83F\" is invalid: sha256 needs 64 lowercase hex characters",
            message);
    }

    [Fact]
    public void Missing_digest_in_a_descriptor_is_rejected()
    {
        var json = OciManifestJson.Replace($"\"digest\": \"{ConfigDigest}\",", "");
        Assert.Equal("config.digest is missing", Rejected(json).Message);
    }

    [Fact]
    public void Negative_size_is_rejected()
    {
        var json = OciManifestJson.Replace("\"size\": 1471", "\"size\": -1");
        Assert.Equal("config.size must not be negative", Rejected(json).Message);
    }

    [Fact]
    public void Size_that_is_not_a_number_is_rejected_with_its_path()
    {
        var message = Rejected(OciManifestJson.Replace("\"size\": 412", "\"size\": \"412\"")).Message;
        Assert.StartsWith("manifest does not match application/vnd.oci.image.manifest.v1+json:", message);
        Assert.Contains("$.layers[1].size", message);
    }

    [Theory]
    [InlineData("not a type")]
    [InlineData("application/")]
    [InlineData("")]
    public void Invalid_descriptor_media_type_is_rejected(string mediaType)
    {
        var json = OciManifestJson.Replace("\"application/vnd.oci.image.layer.v1.tar+gzip\"", $"\"{mediaType}\"");
        Assert.Equal($"layers[0].mediaType \"{mediaType}\" is not a valid media type", Rejected(json).Message);
    }

    [Fact]
    public void Invalid_artifact_type_is_rejected()
    {
        var json = OciManifestJson.Replace("\"schemaVersion\": 2,", "\"schemaVersion\": 2, \"artifactType\": \"sbom\",");
        Assert.Equal("artifactType \"sbom\" is not a valid media type", Rejected(json).Message);
    }

    [Fact]
    public void Embedded_data_that_does_not_match_the_digest_is_rejected()
    {
        // "e30=" is "{}" whose digest and size are EmptyDigest and 2; "W10=" is "[]".
        Assert.Equal("config.data does not match its digest and size", Rejected(ManifestWithConfig("W10=", EmptyDigest, 2)).Message);
        Assert.Equal("config.data does not match its digest and size", Rejected(ManifestWithConfig("e30=", EmptyDigest, 3)).Message);
        Assert.Equal("config.data is not base64", Rejected(ManifestWithConfig("not base64!", EmptyDigest, 2)).Message);
        Assert.Equal(MediaTypes.OciEmpty, Parse(ManifestWithConfig("e30=", EmptyDigest, 2)).Image!.Config.MediaType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"manifest\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Json_that_is_not_an_object_is_rejected(string json) =>
        Assert.Equal("manifest must be a JSON object", Rejected(json).Message);

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"schemaVersion\": 2,}")]
    [InlineData("\u00ff\u00fe")]
    public void Invalid_json_is_rejected(string json) =>
        Assert.StartsWith("manifest is not valid JSON: ", Rejected(json).Message);

    [Fact]
    public void Manifest_with_no_media_type_and_no_recognisable_shape_is_rejected()
    {
        Assert.Equal("manifest has no mediaType and no Content-Type says what it is", Rejected("""{ "schemaVersion": 2 }""").Message);
    }

    [Fact]
    public void Index_that_also_has_layers_is_rejected_as_ambiguous()
    {
        var json = OciIndexJson.Replace("\"manifests\": [", "\"layers\": [], \"manifests\": [");
        Assert.Equal(
            "application/vnd.oci.image.index.v1+json must not have \"config\" or \"layers\"; those belong to an image manifest",
            Rejected(json).Message);
        // Without a mediaType the shape decides, and both shapes at once is the same ambiguity.
        Assert.Contains("must not have", Rejected(json.Replace("\"mediaType\": \"application/vnd.oci.image.index.v1+json\",", "")).Message);
    }

    [Fact]
    public void Image_manifest_that_also_has_manifests_is_rejected_as_ambiguous()
    {
        var json = OciManifestJson.Replace("\"layers\": [", "\"manifests\": [], \"layers\": [");
        Assert.Equal("application/vnd.oci.image.manifest.v1+json must not have \"manifests\"; that belongs to an index", Rejected(json).Message);
    }

    [Fact]
    public void Repeated_keys_are_rejected_as_ambiguous()
    {
        var json = OciManifestJson.Replace("\"schemaVersion\": 2,", $"\"schemaVersion\": 2, \"mediaType\": \"{MediaTypes.OciIndex}\",");
        Assert.StartsWith("manifest is not valid JSON: ", Rejected(json).Message);
        Assert.Contains("mediaType", Rejected(json).Message);
    }

    [Fact]
    public void Digest_is_the_sha256_of_the_bytes_exactly_as_received()
    {
        var pretty = Encoding.UTF8.GetBytes(OciManifestJson);
        var compact = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(JsonDocument.Parse(pretty).RootElement));

        var document = ManifestDocument.Parse(pretty, null);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(pretty)), document.Digest.ToString());
        Assert.Equal(pretty, document.Bytes.ToArray());
        Assert.NotEqual(document.Digest, ManifestDocument.Parse(compact, null).Digest);
        Assert.Equal("sha512", ManifestDocument.Parse(pretty, null, "sha512").Digest.Algorithm);
    }

    [Fact]
    public void Serialised_image_manifest_has_the_oci_shape_without_nulls()
    {
        var manifest = new ImageManifest
        {
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Parse(ConfigDigest), Size = 1471 },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Parse(Layer1), Size = 3623807 }],
        };

        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.ImageManifest);
        var root = JsonDocument.Parse(bytes).RootElement;

        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(MediaTypes.OciManifest, root.GetProperty("mediaType").GetString());
        Assert.Equal(["schemaVersion", "mediaType", "config", "layers"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mediaType", "digest", "size"], root.GetProperty("config").EnumerateObject().Select(p => p.Name));
        Assert.Equal(ConfigDigest, root.GetProperty("config").GetProperty("digest").GetString());
        Assert.DoesNotContain("null", Encoding.UTF8.GetString(bytes));

        var reread = ManifestDocument.Parse(bytes, MediaTypes.OciManifest);
        Assert.Equal(manifest.Config, reread.Image!.Config);
        Assert.Equal(manifest.Layers, reread.Image.Layers);
    }

    static ManifestDocument Parse(string json, string? contentType = null) =>
        ManifestDocument.Parse(Encoding.UTF8.GetBytes(json), contentType);

    static ManifestInvalidException Rejected(string json, string? contentType = null) =>
        Assert.Throws<ManifestInvalidException>(() => Parse(json, contentType));

    static string ManifestWithConfig(string data, string digest, long size) => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{digest}}", "size": {{size}}, "data": "{{data}}" },
          "layers": []
        }
        """;
}
