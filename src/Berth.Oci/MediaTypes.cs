// The media types of the OCI image spec and of Docker's v2 schema 2, which Berth reads (and writes as OCI).
namespace Berth.Oci;

public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    public static bool IsImageManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => IsImageManifest(mediaType) || IsIndex(mediaType);

    /// <summary>Every manifest media type Berth accepts, in the order a client lists them in Accept.</summary>
    public static readonly string[] AllManifests = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    /// <summary>RFC 6838 shape: type "/" subtype, restricted characters, at most 127 each.</summary>
    public static bool IsWellFormed(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType)) return false;
        var slash = mediaType.IndexOf('/');
        if (slash <= 0 || slash == mediaType.Length - 1) return false;
        return IsToken(mediaType.AsSpan(0, slash)) && IsToken(mediaType.AsSpan(slash + 1));
    }

    static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 127 || !char.IsAsciiLetterOrDigit(s[0])) return false;
        foreach (var c in s)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('!' or '#' or '$' or '&' or '-' or '^' or '_' or '.' or '+')) return false;
        return true;
    }
}
