// Finds local images by the ways the kubelet names them: image ID (config digest, with or without "sha256:"),
// repo digest ("name@sha256:<manifest>") or a tag reference ("busybox:1", normalized as docker.io/library/busybox:1).
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Runtime.Cri;

static class ImageResolver
{
    /// <summary>Every name bound to the image <paramref name="image"/> names: one for a tag, all of them for an ID or digest.</summary>
    public static async Task<IReadOnlyList<ImageRecord>> ResolveAsync(ImageStore store, string image, CancellationToken ct)
    {
        if (image.Length == 0) throw CriErrors.InvalidArgument("the image spec is empty: name an image by reference, digest or ID");
        var all = await store.ListAsync(ct);
        var id = all.FirstOrDefault(i => IsId(i, image))?.Id;
        if (id is not null) return all.Where(i => i.Id == id).ToList();
        if (!ImageReference.TryParse(image, out var reference))
            throw CriErrors.InvalidArgument($"\"{image}\" is neither an image ID nor a valid image reference (e.g. docker.io/library/busybox:1.36)");
        var named = reference.Digest is { } digest
            ? all.FirstOrDefault(i => i.Name.FullName == reference.FullName && i.ManifestDigest == digest)
            : all.FirstOrDefault(i => i.Name.Equals(reference));
        return named is null ? [] : all.Where(i => i.Id == named.Id).ToList();
    }

    /// <summary>The image record the reference or ID names (for a container's rootfs), or null when it is not present.</summary>
    public static async Task<ImageRecord?> FindAsync(ImageStore store, string image, CancellationToken ct)
    {
        var all = await ResolveAsync(store, image, ct);
        if (all.Count == 0) return null;
        // A tag reference picks that very name; an ID picks any of the names bound to it (they are the same image).
        return ImageReference.TryParse(image, out var reference) ? all.FirstOrDefault(i => i.Name.Equals(reference)) ?? all[0] : all[0];
    }

    static bool IsId(ImageRecord record, string image) =>
        image == record.Id.ToString() || (image.Length == 64 && image == record.Id.Hex);
}
